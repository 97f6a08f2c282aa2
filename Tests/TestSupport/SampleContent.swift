import Foundation

/// The repository's sample `kiosk-content/`, and copies of it for tests.
public enum SampleContent {
    /// The sample content folder of this checkout.
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("kiosk-content")

    /// A copy of the sample content as a centre leaves it after review: the "Nội dung mẫu" notices removed, the
    /// example.vn addresses, the sample telephone number and the sample officers' names replaced.
    /// - Returns: the copy's path, in a fresh temporary folder.
    public static func reviewedCopy() throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-reviewed-\(UUID().uuidString)/kiosk-content")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder, to: copy)
        let names = [
            ("Nguyễn Thị Lan", "Ngô Thị Thu"), ("Trần Văn Minh", "Đặng Văn Khoa"), ("Lê Quang Huy", "Lương Quang Vinh"),
            ("Vũ Thị Hồng Nhung", "Tạ Thị Hồng Vân"), ("Hoàng Thị Mai", "Đinh Thị Loan"), ("Đỗ Văn Thắng", "Mai Văn Toàn"),
            ("Bùi Đức Thành", "Cao Đức Long"), ("Phạm Thu Hà", "Trịnh Thu Trang"),
        ]
        let enumerator = FileManager.default.enumerator(at: copy, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            guard ["toml", "md"].contains(file.pathExtension) else { continue }
            var text = try String(contentsOf: file, encoding: .utf8)
            text = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
                !$0.contains("Nội dung mẫu") && !$0.contains("Sample content –")
            }.joined(separator: "\n")
            text = text.replacingOccurrences(of: "example.vn", with: "haiphong.gov.vn").replacingOccurrences(
                of: "0225 3821 456", with: "0225 3999 888")
            for (sample, own) in names { text = text.replacingOccurrences(of: "\"\(sample)\"", with: "\"\(own)\"") }
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return copy.path
    }
}
