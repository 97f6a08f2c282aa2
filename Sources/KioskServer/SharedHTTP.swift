import KioskHTTP

/// The one error of both servers (``KioskHTTP/APIError``), under the name every controller of the centre uses.
typealias APIError = KioskHTTP.APIError
/// The one way both servers answer JSON (``KioskHTTP/JSONResponse``).
typealias JSONResponse = KioskHTTP.JSONResponse
