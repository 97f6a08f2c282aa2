import Foundation
import TestSupport
import Testing

/// The files of `Scripts/deploy/`: systemd units that systemd accepts and whose options the binary has,
/// a shellcheck-clean installer whose dry run changes nothing.
@Suite struct DeployFilesTests {
    static let deploy = KioskCLI.root.appendingPathComponent("Scripts/deploy")
    static let units = ["kiosk.service", "kiosk-terminal@.service", "kiosk-touch.service"]
    static let hasSystemdAnalyze = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")
    static let hasShellcheck = FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck")

    func text(_ name: String) throws -> String {
        try String(contentsOf: Self.deploy.appendingPathComponent(name), encoding: .utf8)
    }

    /// The `ExecStart=` line of a unit, its `--options`.
    func options(ofUnit name: String) throws -> [String] {
        let line = try #require(try text(name).split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.split(separator: " ").map(String.init).filter { $0.hasPrefix("--") && $0 != "--" }
    }

    @Test func everyFileIsThere() {
        for name in Self.units + [
            "kiosk-touch.pam", "99-receipt-printer.rules", "kiosk.logrotate", "journald-citizenkiosk.conf", "kiosk.env", "touch.env",
            "install.sh", "kiosk-wrapper.sh",
        ] {
            #expect(FileManager.default.fileExists(atPath: Self.deploy.appendingPathComponent(name).path), "\(name)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: Self.deploy.appendingPathComponent("install.sh").path))
    }

    @Test func theUnitsSayWhatTheBoxNeeds() throws {
        let server = try text("kiosk.service")
        for line in [
            "User=kiosk", "SupplementaryGroups=lp", "StateDirectory=citizenkiosk", "NoNewPrivileges=yes", "ProtectSystem=strict",
            "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/citizenkiosk", "Restart=on-failure",
        ] {
            #expect(server.contains("\n\(line)\n"), "kiosk.service: \(line)")
        }
        let terminal = try text("kiosk-terminal@.service")
        for line in ["StandardInput=tty", "TTYPath=/dev/%I", "TTYReset=yes", "Restart=always", "Conflicts=getty@%i.service serial-getty@%i.service"] {
            #expect(terminal.contains("\n\(line)\n"), "kiosk-terminal@.service: \(line)")
        }
        let touch = try text("kiosk-touch.service")
        #expect(touch.contains("ExecStart=/usr/bin/cage $CAGE_OPTIONS -- /usr/bin/chromium --kiosk --noerrdialogs "))
        for line in ["User=kiosk-screen", "PAMName=kiosk-touch", "TTYPath=/dev/tty1", "Restart=always"] {
            #expect(touch.contains("\n\(line)\n"), "kiosk-touch.service: \(line)")
        }
        let rule = try text("99-receipt-printer.rules").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(
            rule == [
                #"SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", SUBSYSTEMS=="usb", ATTRS{bInterfaceClass}=="07", GROUP="lp", MODE="0660", SYMLINK+="receipt-printer""#
            ])
    }

    @Test func theUnitsUseOnlyOptionsTheBinaryHas() throws {
        for (unit, command) in [("kiosk.service", "serve"), ("kiosk-terminal@.service", "terminal")] {
            let help = try KioskCLI.run([command, "--help"])
            #expect(help.status == 0)
            for option in try options(ofUnit: unit) {
                #expect(help.output.contains(option + " "), "\(unit): kiosk \(command) has no \(option)")
            }
        }
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed"))
    func systemdAcceptsTheUnits() throws {
        // A copy whose programs exist on this machine (systemd checks that ExecStart's program is executable).
        let folder = Decoder.temporaryFolder("units")
        let standIn = KioskCLI.binary.path
        for name in Self.units {
            let unit = try text(name).replacingOccurrences(of: "/opt/citizenkiosk/kiosk", with: standIn)
                .replacingOccurrences(
                    of: "/usr/bin/cage", with: FileManager.default.isExecutableFile(atPath: "/usr/bin/cage") ? "/usr/bin/cage" : standIn)
            try unit.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // A template is checked through one of its instances.
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("kiosk-terminal@tty2.service"),
            withDestinationURL: folder.appendingPathComponent("kiosk-terminal@.service"))
        let paths = ["kiosk.service", "kiosk-touch.service", "kiosk-terminal@tty2.service"].map { folder.appendingPathComponent($0).path }
        let result = try ProgramRun("/usr/bin/systemd-analyze", ["verify"] + paths)
        let said = String(decoding: result.output + result.error, as: UTF8.self)
        #expect(result.status == 0, "\(said)")
        #expect(!said.contains("kiosk"), "\(said)")
    }

    @Test(.enabled(if: hasShellcheck, "shellcheck is not installed (Scripts/install-deps test installs it)"))
    func theScriptsPassShellcheck() throws {
        let result = try ProgramRun("/usr/bin/shellcheck", ["install.sh", "kiosk-wrapper.sh"].map { Self.deploy.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(String(decoding: result.output, as: UTF8.self))")
    }

    func install(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ProgramRun("/bin/bash", [Self.deploy.appendingPathComponent("install.sh").path] + arguments)
        return (result.status, String(decoding: result.output + result.error, as: UTF8.self))
    }

    @Test func aDryRunPrintsEveryStepAndChangesNothing() throws {
        let root = Decoder.temporaryFolder("install-root").appendingPathComponent("root").path
        let run = try install(["--dry-run", "--sample-content", "--root", root, "--binary", KioskCLI.binary.path])
        #expect(run.status == 0, "\(run.output)")
        for step in [
            "skipped (--root): useradd --system --user-group --home-dir /var/lib/citizenkiosk",
            "+ install -D -m 0755 \(KioskCLI.binary.path) \(root)/opt/citizenkiosk/kiosk",
            "+ cp -R \(KioskCLI.binary.deletingLastPathComponent().path)/CitizenKiosk_KioskServer.resources \(root)/opt/citizenkiosk/",
            "+ cp -R \(KioskCLI.content) \(root)/etc/citizenkiosk/kiosk-content",
            "+ install -D -m 0644 \(Self.deploy.path)/kiosk.service \(root)/etc/systemd/system/kiosk.service",
            "+ install -D -m 0644 \(Self.deploy.path)/kiosk-terminal@.service \(root)/etc/systemd/system/kiosk-terminal@.service",
            "\(root)/etc/udev/rules.d/99-receipt-printer.rules", "\(root)/etc/logrotate.d/citizenkiosk",
            "\(root)/etc/systemd/journald.conf.d/citizenkiosk.conf", "\(root)/etc/pam.d/kiosk-touch", "\(root)/usr/local/bin/kiosk",
            "skipped (--root): systemctl enable kiosk.service",
        ] {
            #expect(run.output.contains(step), "missing: \(step)\n\(run.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func anUpgradeBacksUpFirstAndKeepsTheCentresFiles() throws {
        let root = Decoder.temporaryFolder("install-root").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/opt/citizenkiosk", withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: root + "/opt/citizenkiosk/kiosk", withDestinationPath: KioskCLI.binary.path)
        try manager.createDirectory(atPath: root + "/etc/citizenkiosk", withIntermediateDirectories: true)
        try manager.copyItem(atPath: KioskCLI.content, toPath: root + "/etc/citizenkiosk/kiosk-content")
        try "KIOSK_HOST=127.0.0.1\n".write(toFile: root + "/etc/citizenkiosk/kiosk.env", atomically: true, encoding: .utf8)
        let data = root + "/var/lib/citizenkiosk"
        #expect(try KioskCLI.run(["user", "add", "truong", "--role", "head", "--data", data], input: "mat-khau-truong-1\n").status == 0)

        let run = try install(["--dry-run", "--sample-content", "--root", root, "--binary", KioskCLI.binary.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            run.output.contains("+ \(root)/opt/citizenkiosk/kiosk backup --data \(data) --to \(data)/backups/kiosk-before-upgrade-"), "\(run.output)")
        #expect(run.output.contains("== content check: \(root)/etc/citizenkiosk/kiosk-content"))
        #expect(run.output.contains("== kept \(root)/etc/citizenkiosk/kiosk-content"))
        #expect(run.output.contains("== kept \(root)/etc/citizenkiosk/kiosk.env"))
        #expect(!run.output.contains("+ cp -R \(KioskCLI.content)"))
        // The backup step comes before the binary is replaced.
        let backup = try #require(run.output.range(of: "kiosk backup --data"))
        let replace = try #require(run.output.range(of: "+ install -D -m 0755"))
        #expect(backup.lowerBound < replace.lowerBound)
        #expect(((try? manager.contentsOfDirectory(atPath: data + "/backups")) ?? []).isEmpty)
    }

    @Test func theInstallerRefusesWithoutItsParts() throws {
        let run = try install(["--dry-run", "--binary", "/nonexistent/kiosk"])
        #expect(run.status == 1)
        #expect(run.output.contains("no kiosk binary at /nonexistent/kiosk"))
        // Content this version refuses stops the installer before it changes anything.
        let content = Decoder.temporaryFolder("content").appendingPathComponent("kiosk-content").path
        try FileManager.default.copyItem(atPath: KioskCLI.content, toPath: content)
        let centre = content + "/centre.toml"
        try (try String(contentsOfFile: centre, encoding: .utf8)).replacingOccurrences(of: "target = 0.95", with: "target = 1.5")
            .write(toFile: centre, atomically: true, encoding: .utf8)
        let root = Decoder.temporaryFolder("install-root").appendingPathComponent("root").path
        let bad = try install(["--dry-run", "--sample-content", "--root", root, "--binary", KioskCLI.binary.path, "--content", content])
        #expect(bad.status == 1)
        #expect(bad.output.contains("reporting.target is 1.5"), "\(bad.output)")
        #expect(bad.output.contains("fix the content first (every line above), then run this again; nothing was changed"))
        #expect(!bad.output.contains("+ install"))
        let unknown = try install(["--frobnicate"])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("unknown option --frobnicate"))
    }

    @Test func theInstallerRefusesTheSamplesPlaceholdersUnlessToldItIsATrial() throws {
        let root = Decoder.temporaryFolder("install-root").appendingPathComponent("root").path
        let sample = try install(["--dry-run", "--root", root, "--binary", KioskCLI.binary.path])
        #expect(sample.status == 1)
        #expect(sample.output.contains("warning: truyxuat.hongbang.example.vn is a placeholder address"), "\(sample.output)")
        #expect(sample.output.contains("A trial box may keep the sample with --sample-content"))
        #expect(!sample.output.contains("+ install"))
        // The same content with every placeholder replaced installs under --strict.
        let reviewed = try SampleContent.reviewedCopy()
        let run = try install(["--dry-run", "--root", root, "--binary", KioskCLI.binary.path, "--content", reviewed])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("+ cp -R \(reviewed) \(root)/etc/citizenkiosk/kiosk-content"))
    }
}
