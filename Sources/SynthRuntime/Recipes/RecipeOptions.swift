import SynthLLM

/// A model to ask: the provider that serves it and the model's name there.
public struct ModelChoice: Sendable {
    /// The provider (a real API, a request scheduler around one, or a fake in tests).
    public var provider: any LLMProvider
    /// The model's name, as the provider knows it.
    public var model: String

    /// Makes a choice.
    public init(_ provider: any LLMProvider, model: String) {
        self.provider = provider
        self.model = model
    }
}

/// How to run a recipe: which models play which part, where its inputs are, and how far to go.
///
/// Only `generator` has no default; each recipe reads the options it needs (see docs/recipes.md).
public struct RecipeOptions: Sendable {
    /// The model that writes the data (and plays every part no other option names).
    public var generator: ModelChoice
    /// The assistant in `conversations`; nil to let `generator` play both parts.
    public var assistant: ModelChoice?
    /// The second responder in `preference`; nil to ask `generator` again at `secondTemperature`.
    public var rival: ModelChoice?
    /// The judge of `preference` and of the judge stage; nil to let `generator` judge.
    public var judge: ModelChoice?
    /// A folder of edited recipe templates (`<id>.yaml`, copies of `templates/recipes/`); nil for the shipped ones.
    public var templates: String?
    /// A JSONL file of seed tasks (`instruction`, optional `input` and `output`); nil for the built-in few.
    public var seedTasks: String?
    /// The folder of `.txt` and `.md` files `qa` asks about.
    public var documents: String?
    /// User–assistant exchanges per conversation.
    public var turns: Int
    /// Evolution rounds per instruction in `evol-instruct`.
    public var rounds: Int
    /// Seed tasks shown in each `self-instruct` prompt.
    public var examples: Int
    /// The ROUGE-L F-measure at or above which `self-instruct` drops an instruction as a near-copy of the pool.
    public var noveltyThreshold: Double
    /// The size, in characters, `qa` fills a chunk of paragraphs up to.
    public var chunkCharacters: Int
    /// Characters of trailing paragraphs a `qa` chunk repeats from the chunk before it.
    public var chunkOverlap: Int
    /// Questions asked about each chunk in `qa`.
    public var questionsPerChunk: Int
    /// The temperature of the second response in `preference` when no `rival` is given.
    public var secondTemperature: Double
    /// The judge stage's threshold (1–10): records scored below it are dropped; nil for no judge stage.
    public var judgeThreshold: Int?
    /// Times a request is sent (with a fresh sampling seed) before an answer that does not parse is given up.
    public var attempts: Int

    /// Options with every default: built-in seed tasks, 3 turns, 3 rounds, 3 examples, novelty 0.7,
    /// 1,500-character chunks overlapping by 200, 2 questions per chunk, no judge stage, 3 attempts.
    public init(generator: ModelChoice) {
        self.generator = generator
        turns = 3
        rounds = 3
        examples = 3
        noveltyThreshold = 0.7
        chunkCharacters = 1500
        chunkOverlap = 200
        questionsPerChunk = 2
        secondTemperature = 1.2
        attempts = 3
    }
}
