import KioskCore

/// The centre's store counts answers for the figures folded in ``TallySource``.
extension AppDatabase: TallySource {}
