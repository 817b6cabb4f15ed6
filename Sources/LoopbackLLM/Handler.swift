import NIOCore
import NIOHTTP1
import SynthCore

/// Reads one HTTP request at a time on a connection and writes the reply its script step calls for.
final class Handler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: Shared
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(shared: Shared) { self.shared = shared }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        let received = LoopbackLLM.Received(
            method: "\(head.method)", path: head.uri, headers: headers, body: body, arrival: .now)
        let (number, step) = shared.begin(received)
        let request = Answers.Request(path: head.uri, json: try? JSONParser.parse(body), number: number, text: shared.text)
        let reply: Reply
        switch step {
        case nil: reply = Answers.answer(request, text: nil)
        case .ok(let text): reply = Answers.answer(request, text: text)
        case .rateLimited(let seconds):
            var reply = Answers.error(request, status: 429, message: "scripted rate limit")
            if let seconds { reply.headers.append(("Retry-After", String(seconds))) }
            write(reply, context: context, keepAlive: head.isKeepAlive)
            return
        case .error(let status, let message): reply = Answers.error(request, status: status, message: message)
        case .raw(let status, let headers, let body):
            reply = Reply(status: status, headers: headers.map { ($0.key, $0.value) }, parts: [body])
        case .slow(let ms):
            let keepAlive = head.isKeepAlive
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(ms))) { [self] in
                write(Answers.answer(request, text: nil), context: context, keepAlive: keepAlive)
            }
            return
        case .garbage: reply = Reply(status: 200, headers: [("Content-Type", "text/html")], parts: ["<html>not an API</html>"])
        case .disconnect:
            shared.end()
            context.close(promise: nil)
            return
        }
        write(reply, context: context, keepAlive: head.isKeepAlive)
    }

    private func write(_ reply: Reply, context: ChannelHandlerContext, keepAlive: Bool) {
        var headers = HTTPHeaders(reply.headers)
        if reply.parts.count == 1 { headers.replaceOrAdd(name: "Content-Length", value: String(reply.parts[0].utf8.count)) }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        for part in reply.parts {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: part)))), promise: nil)
        }
        let shared = shared
        let done = context.eventLoop.makePromise(of: Void.self)
        done.futureResult.whenComplete { _ in shared.end() }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        } else {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        }
    }
}

/// An HTTP reply: status, headers, and the body as one part or as several (server-sent events, chunked).
struct Reply {
    var status: Int
    var headers: [(String, String)]
    var parts: [String]
}
