import KioskCore

// The server's services and settings describe themselves by name only (see ``DescribedByNameOnly``).
extension BackupService: DescribedByNameOnly {}
extension RetentionService: DescribedByNameOnly {}
extension AppServices: DescribedByNameOnly {}
extension ServerConfiguration: DescribedByNameOnly {}
