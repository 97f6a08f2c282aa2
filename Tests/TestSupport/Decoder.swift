import Foundation

/// Runs the real QR decoder (zbarimg, from zbar-tools) and the converters the tests need
/// (rsvg-convert for SVG, pdftoppm for PDF), on files in a temporary folder.
public enum Decoder {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A fresh temporary folder.
    public static func temporaryFolder(_ name: String = "qr") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(name)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program and returns its standard output; throws when it exits with a status not accepted.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil, acceptedStatuses: Set<Int32> = [0]) throws -> [UInt8] {
        let result = try ProgramRun(program, arguments, input: input)
        guard acceptedStatuses.contains(result.status) else {
            throw Failure(
                description:
                    "\(program) \(arguments.joined(separator: " ")) exited \(result.status): \(String(decoding: result.error, as: UTF8.self))")
        }
        return result.output
    }

    /// Decodes every QR code of a PNG or PBM image; each symbol's text exactly as encoded.
    public static func decodeImage(_ bytes: [UInt8], fileExtension: String) throws -> [String] {
        let file = temporaryFolder().appendingPathComponent("image.\(fileExtension)")
        try Data(bytes).write(to: file)
        // Exit status 4: the image holds no symbol.
        let output = try run(
            "/usr/bin/zbarimg", ["--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", file.path], acceptedStatuses: [0, 4])
        // zbarimg ends each symbol with a newline.
        var text = String(decoding: output, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? [] : [text]
    }

    /// Decodes an SVG after rasterising it with rsvg-convert.
    public static func decodeSVG(_ svg: String) throws -> [String] {
        let folder = temporaryFolder()
        let input = folder.appendingPathComponent("code.svg")
        let output = folder.appendingPathComponent("code.png")
        try svg.write(to: input, atomically: true, encoding: .utf8)
        try run("/usr/bin/rsvg-convert", ["-o", output.path, input.path])
        return try decodeImage([UInt8](try Data(contentsOf: output)), fileExtension: "png")
    }

    /// Decodes the first page of a PDF after rasterising it with pdftoppm.
    public static func decodePDF(_ pdf: [UInt8], dpi: Int = 150) throws -> [String] {
        let folder = temporaryFolder()
        let input = folder.appendingPathComponent("doc.pdf")
        try Data(pdf).write(to: input)
        try run("/usr/bin/pdftoppm", ["-r", String(dpi), "-png", "-singlefile", input.path, folder.appendingPathComponent("page").path])
        return try decodeImage([UInt8](try Data(contentsOf: folder.appendingPathComponent("page.png"))), fileExtension: "png")
    }

    /// The text of a PDF, as pdftotext extracts it.
    public static func pdfText(_ pdf: [UInt8]) throws -> String {
        let input = temporaryFolder().appendingPathComponent("doc.pdf")
        try Data(pdf).write(to: input)
        return String(decoding: try run("/usr/bin/pdftotext", [input.path, "-"]), as: UTF8.self)
    }
}

/// One run of a program: its exit status and everything it wrote.
public struct ProgramRun: Sendable {
    public var status: Int32
    public var output: [UInt8]
    public var error: [UInt8]

    /// Runs `program` with `arguments`, writing `input` to its standard input, and waits for it.
    public init(_ program: String, _ arguments: [String], input: [UInt8]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        // Standard error goes to a file, so that a program writing much to both streams never blocks on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        status = process.terminationStatus
        self.output = [UInt8](out)
        error = [UInt8]((try? Data(contentsOf: errorFile)) ?? Data())
    }
}
