import KioskCore

/// The seeded generator of the demo data (SplitMix64), so a failing generated input comes back on the next run.
public typealias SplitMix64 = SeededGenerator
