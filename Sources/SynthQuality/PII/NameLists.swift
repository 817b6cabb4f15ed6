/// Given names and surnames the PERSON detector and the name surrogates use: the built-in
/// `packs/people.yaml` lists plus common names from other backgrounds.
enum NameLists {
    /// Given names, as written (capitalised).
    static let given: [String] = [
        "Aaliyah", "Aaron", "Abigail", "Adam", "Adrian", "Ahmed", "Aiden", "Aisha", "Alan", "Albert", "Alejandro", "Alex",
        "Alexander", "Alexis", "Ali", "Alice", "Amanda", "Amara", "Amber", "Amelia", "Amy", "Ana", "Andrea", "Andrew", "Angela",
        "Anita", "Ann", "Anna", "Anthony", "Antonio", "Ari", "Arthur", "Ashley", "Austin", "Ava", "Avery", "Barbara", "Beatriz",
        "Ben", "Benjamin", "Beverly", "Bianca", "Bill", "Billy", "Bob", "Brandon", "Brenda", "Brian", "Brittany", "Bruce",
        "Bryan", "Carl", "Carlos", "Carmen", "Carol", "Casey", "Catherine", "Charles", "Charlotte", "Cheryl", "Chloe", "Chris",
        "Christian", "Christina", "Christine", "Christopher", "Claire", "Clara", "Colin", "Connor", "Cynthia", "Dan", "Dana",
        "Daniel", "Danielle", "Dave", "David", "Deborah", "Denise", "Dennis", "Diana", "Diane", "Dmitri", "Donald", "Donna",
        "Doris", "Douglas", "Dylan", "Ed", "Edward", "Eleanor", "Elena", "Eli", "Elijah", "Elizabeth", "Elliot", "Emil",
        "Emilia", "Emily", "Emma", "Eric", "Erik", "Ethan", "Evelyn", "Ezra", "Fatima", "Felix", "Fiona", "Frances", "Frank",
        "Freya", "Gabriel", "Gary", "Gavin", "George", "Gerald", "Gloria", "Grace", "Gregory", "Hana", "Hannah", "Harold",
        "Hassan", "Heather", "Hector", "Helen", "Henry", "Hiroshi", "Ian", "Ibrahim", "Ingrid", "Irene", "Isaac", "Isabella",
        "Ivan", "Jack", "Jacob", "Jacqueline", "Jade", "James", "Jamie", "Janet", "Janice", "Jason", "Javier", "Jean", "Jeffrey",
        "Jenna", "Jennifer", "Jeremy", "Jerry", "Jesse", "Jessica", "Jim", "Jin", "Joan", "Joanna", "Joe", "John", "Jon",
        "Jonas", "Jonathan", "Jordan", "Jose", "Joseph", "Joshua", "Joyce", "Juan", "Judith", "Judy", "Julia", "Julian", "Julie",
        "Justin", "Kai", "Kaito", "Karen", "Karim", "Kate", "Katherine", "Kathleen", "Kathryn", "Kayla", "Keith", "Kelly",
        "Kenneth", "Kevin", "Kim", "Kwame", "Kyle", "Laila", "Larry", "Lars", "Laura", "Lauren", "Lawrence", "Leah", "Leo",
        "Liam", "Lily", "Lina", "Linda", "Lisa", "Liz", "Logan", "Lucas", "Lucia", "Luis", "Luke", "Madison", "Margaret",
        "Maria", "Marie", "Marilyn", "Mark", "Martha", "Mary", "Matt", "Matthew", "Maya", "Megan", "Mei", "Melissa", "Michael",
        "Michelle", "Miguel", "Mike", "Mila", "Min", "Mohammed", "Nadia", "Nancy", "Naomi", "Natalie", "Nathan", "Nicholas",
        "Nick", "Nicole", "Nina", "Noah", "Noor", "Oliver", "Olivia", "Omar", "Oscar", "Pablo", "Pamela", "Pat", "Patricia",
        "Patrick", "Paul", "Paula", "Pedro", "Peter", "Priya", "Quinn", "Rachel", "Rafael", "Raj", "Randy", "Ravi", "Raymond",
        "Rebecca", "Richard", "Riley", "Rob", "Robert", "Robin", "Roger", "Ronald", "Rosa", "Rose", "Rowan", "Ruth", "Ryan",
        "Sam", "Samantha", "Samuel", "Sandra", "Sara", "Sarah", "Sasha", "Scott", "Sean", "Sharon", "Shirley", "Sofia", "Sophia",
        "Sophie", "Stella", "Stephanie", "Stephen", "Steve", "Steven", "Sue", "Susan", "Tanya", "Teresa", "Terry", "Theo",
        "Theresa", "Thomas", "Tim", "Timothy", "Tom", "Tomas", "Tony", "Tyler", "Vera", "Victoria", "Viktor", "Vincent",
        "Walter", "Wayne", "Wei", "William", "Willie", "Yara", "Yuki", "Yusuf", "Zachary", "Zara", "Zoe",
    ]

    /// Family names, as written.
    static let surnames: [String] = [
        "Abbott", "Adams", "Adeyemi", "Ahmed", "Ali", "Allen", "Alvarez", "Andersen", "Anderson", "Bailey", "Baker", "Banerjee",
        "Bauer", "Becker", "Bell", "Bennett", "Berg", "Bianchi", "Brennan", "Brooks", "Brown", "Bui", "Campbell", "Carter",
        "Castillo", "Chavez", "Chen", "Chowdhury", "Clark", "Cohen", "Collins", "Cook", "Cooper", "Costa", "Cox", "Cruz", "Dang",
        "Das", "Davis", "Diaz", "Dubois", "Duncan", "Edwards", "Evans", "Ferguson", "Ferreira", "Fischer", "Fitzgerald",
        "Flores", "Foster", "Fraser", "Fuchs", "Gallagher", "Garcia", "Garza", "Gomez", "Gonzalez", "Gordon", "Graham", "Grant",
        "Gray", "Green", "Gupta", "Gutierrez", "Haddad", "Hall", "Hansen", "Harris", "Hart", "Hernandez", "Hill", "Hoffmann",
        "Horvat", "Howard", "Hughes", "Ibrahim", "Ito", "Ivanov", "Jackson", "James", "Jensen", "Jimenez", "Johansson",
        "Johnson", "Jones", "Kapoor", "Kaur", "Keller", "Kelly", "Khan", "Kim", "King", "Kowalczyk", "Kowalski", "Kumar",
        "Larsen", "Laurent", "Le", "Lee", "Leroy", "Lewis", "Li", "Lindqvist", "Liu", "Long", "Lopez", "Lund", "Mahmoud",
        "Marsh", "Martin", "Martinez", "Mendoza", "Mensah", "Meyer", "Miller", "Mitchell", "Moore", "Morales", "Moreau",
        "Morgan", "Morris", "Muller", "Murphy", "Murray", "Myers", "Nakamura", "Nelson", "Nguyen", "Nielsen", "Novak", "Nowak",
        "O'Brien", "O'Connor", "Obi", "Okafor", "Okonkwo", "Oliveira", "Olsen", "Ortiz", "Park", "Parker", "Patel", "Pereira",
        "Perez", "Peterson", "Petrov", "Pham", "Phillips", "Popescu", "Price", "Quinn", "Rahman", "Ramirez", "Ramos", "Rao",
        "Reed", "Reid", "Reyes", "Richardson", "Rivera", "Roberts", "Robinson", "Rodriguez", "Rogers", "Romero", "Ross", "Rossi",
        "Ruiz", "Russo", "Sanchez", "Sanders", "Santos", "Sato", "Schmidt", "Schneider", "Scott", "Shah", "Silva", "Singh",
        "Smith", "Stewart", "Suzuki", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Tran", "Turner", "Vargas", "Wagner",
        "Walker", "Walsh", "Wang", "Ward", "Watson", "Weber", "White", "Williams", "Wilson", "Wong", "Wood", "Wright", "Wu",
        "Yamamoto", "Yang", "Young", "Zhang", "Zhao",
    ]

    static let givenSet = Set(given)
    static let surnameSet = Set(surnames)

    /// Names that are also everyday words; alone they need support (a title, a surname, "my name is").
    static let ambiguous: Set<String> = [
        "Will", "Grace", "May", "June", "April", "Mark", "Bill", "Rose", "Joy", "Hope", "Amber", "Jack", "Frank",
        "Faith", "Summer", "Dawn", "Iris", "Ruby", "Pat", "Sue", "Rob", "Don", "Art", "Guy", "Gene", "Carol",
        "Christian", "Jordan", "Austin", "Charlotte", "Madison", "Victoria", "Robin", "Long", "Price", "Young",
        "Reed", "Wood", "Hill", "Green", "Brown", "White", "King", "Gray", "Cook", "Baker", "Ward", "Hall",
        "Bell", "Grant", "Park", "Lee",
    ]
}
