import KioskCore
import QRCode

/// The slip as an HTML page for the browser's own print dialog: the same content as the printed slip,
/// sized for the paper with CSS `@page`, the QR code as inline SVG.
public enum SlipHTML {
    /// The slip as a complete HTML page in `language`, sized for `paper`.
    public static func render(_ slip: Slip, paper: Paper, language: Language) -> String {
        let width: String
        switch paper {
        case .thermal58: width = "48mm"
        case .thermal80: width = "72mm"
        case .a6: width = "105mm"
        case .a4: width = "210mm"
        }
        let page = paper.isThermal ? "size: \(width) auto; margin: 2mm;" : "size: \(paper == .a6 ? "A6" : "A4"); margin: 12mm;"
        var qr = ""
        if let link = slip.link, let matrix = try? QREncoder.encode(link, level: .medium) {
            qr = "<figure class=\"qr\">\(matrix.svg(moduleSize: 4))<figcaption>\(escape(link))</figcaption></figure>"
        }
        let steps = slip.steps.map { "<li>\(escape($0))</li>" }.joined()
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(escape(slip.title))</title>
            <style>
            @page { \(page) }
            body { font-family: "Noto Sans", sans-serif; margin: 0 auto; max-width: \(width); color: #000; background: #fff; }
            .centre { text-align: center; font-weight: bold; font-size: 0.9em; border-bottom: 1px solid #000; padding-bottom: 0.3em; }
            h1 { text-align: center; font-size: 1.3em; margin: 0.5em 0; }
            ol { padding-left: 1.4em; }
            li { margin: 0.2em 0; }
            .qr { text-align: center; margin: 0.6em 0; }
            .qr svg { width: \(paper.isThermal ? "60%" : "45mm"); height: auto; }
            figcaption { font-size: 0.85em; word-break: break-all; }
            .meta { text-align: center; font-size: 0.8em; }
            @media screen { body { padding: 1em; border: 1px dashed #999; margin-top: 1em; } }
            </style>
            </head>
            <body>
            <p class="centre">\(escape(slip.centreName))</p>
            <h1>\(escape(slip.title))</h1>
            <ol>\(steps)</ol>
            \(qr)
            \(slip.sourceLine.map { "<p class=\"meta\">\(escape($0))</p>" } ?? "")
            <p class="meta">\(escape(slip.dateLine))</p>
            </body>
            </html>
            """
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
