import KioskCore

/// A printable report: a title, some lines under it, and sections of paragraphs and tables. Rendered
/// as PDF (pango/cairo, A4), HTML or CSV from the same content.
public struct ReportDocument: Sendable, Equatable {
    /// A table: column headings and rows of cells.
    public struct Table: Sendable, Equatable {
        public var columns: [String]
        public var rows: [[String]]
        /// Relative column widths; equal when empty.
        public var widths: [Double]

        /// Makes a table; `widths` are relative, and empty means equal columns.
        public init(columns: [String], rows: [[String]], widths: [Double] = []) {
            self.columns = columns
            self.rows = rows
            self.widths = widths
        }
    }

    /// A section: a heading, paragraphs, and at most one table.
    public struct Section: Sendable, Equatable {
        public var heading: String
        public var paragraphs: [String]
        public var table: Table?

        /// Makes a section with `heading`, its paragraphs and its table.
        public init(heading: String, paragraphs: [String] = [], table: Table? = nil) {
            self.heading = heading
            self.paragraphs = paragraphs
            self.table = table
        }
    }

    public var title: String
    public var subtitle: [String]
    public var sections: [Section]

    /// Makes a report with `title`, the lines under it, and its sections.
    public init(title: String, subtitle: [String], sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// CSV in UTF-8 with a byte-order mark (so Excel keeps the diacritics): one block per table,
    /// each row led by its section's heading. Every cell is text, guarded against formulas by ``CSVWriter``.
    public func csv() -> [UInt8] {
        var writer = CSVWriter()
        writer.append(texts: [title])
        for line in subtitle { writer.append(texts: [line]) }
        for section in sections {
            guard let table = section.table else { continue }
            writer.appendBlankLine()
            writer.append(texts: ["section"] + table.columns)
            for row in table.rows { writer.append(texts: [section.heading] + row) }
        }
        return writer.bytes
    }

    /// A standalone HTML page (print-friendly).
    public func html(language: String = "vi") -> String {
        let escape = SlipHTML.escape
        var body = "<h1>\(escape(title))</h1>" + subtitle.map { "<p class=\"sub\">\(escape($0))</p>" }.joined()
        for section in sections {
            body += "<section><h2>\(escape(section.heading))</h2>"
            body += section.paragraphs.map { "<p>\(escape($0))</p>" }.joined()
            if let table = section.table {
                body += "<table><thead><tr>" + table.columns.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                for row in table.rows {
                    body +=
                        "<tr>"
                        + row.enumerated().map { index, cell in
                            index == 0 ? "<th scope=\"row\">\(escape(cell))</th>" : "<td>\(escape(cell))</td>"
                        }.joined() + "</tr>"
                }
                body += "</tbody></table>"
            }
            body += "</section>"
        }
        return """
            <!doctype html>
            <html lang="\(language)"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            @page { size: A4; margin: 18mm; }
            body { font-family: "Noto Sans", sans-serif; color: #000; max-width: 190mm; margin: 0 auto; }
            h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 1.2em; border-bottom: 1px solid #000; }
            .sub { margin: 0.2em 0; }
            table { border-collapse: collapse; width: 100%; font-size: 10pt; }
            th, td { border: 1px solid #444; padding: 3px 6px; text-align: left; }
            td { text-align: right; }
            </style></head><body>\(body)</body></html>
            """
    }
}
