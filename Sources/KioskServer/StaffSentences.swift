import KioskCore
import KioskPrint

/// The Vietnamese sentences a staff page shows for errors that lower layers describe in English for logs
/// and the command line.
enum StaffSentences {
    /// Why a job did not reach the printer named `printer` (its name in `centre.toml`), and what to check.
    static func printFailed(_ kind: PrintError.Kind, printer: String) -> String {
        let name = "“\(printer)”"
        return switch kind {
        case .emptyJob: "Chưa in: phiếu in trống nên không được gửi tới máy in \(name)."
        case .cannotOpen: "Chưa in: không mở được máy in \(name). Hãy kiểm tra máy in đã cắm dây và đã bật chưa."
        case .unknownHost: "Chưa in: không tìm thấy máy in \(name) trên mạng. Hãy kiểm tra địa chỉ của máy in trong centre.toml."
        case .unreachable: "Chưa in: không kết nối được máy in \(name). Hãy kiểm tra máy in đã bật và đã nối mạng chưa."
        case .stalled: "Chưa in hết: máy in \(name) ngừng nhận phiếu. Hãy kiểm tra giấy và đèn báo lỗi của máy in rồi in lại."
        case .closed: "Chưa in hết: máy in \(name) ngắt kết nối giữa chừng. Hãy kiểm tra máy in rồi in lại."
        case .writeFailed: "Chưa in: không gửi được phiếu tới máy in \(name). Hãy kiểm tra máy in rồi in lại."
        case .noCUPS: "Chưa in: máy chủ chưa cài dịch vụ in CUPS nên không in được qua máy in \(name). Hãy báo cán bộ công nghệ thông tin."
        case .cupsTimeout: "Chưa in: dịch vụ in CUPS không trả lời kịp cho máy in \(name). Hãy thử lại sau ít phút."
        case .cupsRefused: "Chưa in: dịch vụ in CUPS từ chối phiếu gửi tới máy in \(name). Hãy báo cán bộ công nghệ thông tin kiểm tra hàng đợi in."
        }
    }

    /// Why `text` is not a reporting period, with the forms that are understood.
    static func badPeriod(_ text: String) -> String {
        "“\(text.prefix(40))” không phải là một kỳ báo cáo. Hãy nhập theo một trong các dạng: 2026-11-24 (ngày), 2026-W48 (tuần), "
            + "2026-11 (tháng), 2026-Q3 (quý), 2026-H1 (nửa năm), 2026 (năm), reform-2026-Q1 … reform-2026-Q4, reform-2026-H1, "
            + "reform-2026-9M hoặc reform-2026 (kỳ cải cách hành chính)."
    }
}
