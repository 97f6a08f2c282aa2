import GRDB

extension AppDatabase {
    /// The schema's history. A shipped migration is never edited; changes come as new ones.
    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: ratings, rollups, users") { db in
            try db.execute(
                sql: """
                    CREATE TABLE rating (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        survey TEXT NOT NULL,
                        answers TEXT NOT NULL,
                        main_choice TEXT NOT NULL,
                        satisfied INTEGER NOT NULL,
                        counter TEXT,
                        field TEXT,
                        officer TEXT,
                        dossier_code TEXT,
                        channel TEXT NOT NULL,
                        kiosk TEXT,
                        comment TEXT,
                        created_at TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        local_day TEXT NOT NULL,
                        excluded TEXT,
                        fingerprint TEXT NOT NULL
                    );
                    CREATE INDEX rating_local_day ON rating(local_day);
                    CREATE INDEX rating_dossier_code ON rating(dossier_code) WHERE dossier_code IS NOT NULL;

                    CREATE TABLE rollup (
                        day TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        survey TEXT NOT NULL,
                        question TEXT NOT NULL,
                        is_main INTEGER NOT NULL,
                        choice TEXT NOT NULL,
                        satisfied INTEGER NOT NULL,
                        counter TEXT NOT NULL,
                        field TEXT NOT NULL,
                        officer TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        kiosk TEXT NOT NULL,
                        excluded TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (day, hour, survey, question, choice, counter, field, officer, channel, kiosk, excluded)
                    ) WITHOUT ROWID;
                    CREATE INDEX rollup_main_day ON rollup(is_main, day);

                    CREATE TABLE user (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE session (
                        token_hash TEXT PRIMARY KEY,
                        user_name TEXT NOT NULL REFERENCES user(name) ON DELETE CASCADE,
                        created_at TEXT NOT NULL,
                        last_seen_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: one rating per dossier code, help calls") { db in
            try db.execute(
                sql: """
                    DROP INDEX rating_dossier_code;
                    CREATE UNIQUE INDEX rating_dossier_code ON rating(dossier_code) WHERE dossier_code IS NOT NULL;

                    CREATE TABLE help_call (
                        id TEXT PRIMARY KEY,
                        kiosk TEXT,
                        topic TEXT,
                        created_at TEXT NOT NULL,
                        status TEXT NOT NULL,
                        taken_by TEXT,
                        taken_at TEXT
                    );
                    CREATE INDEX help_call_status ON help_call(status, created_at);
                    """)
        }
        migrator.registerMigration("v3: dossiers received per month") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dossier_count (
                        month TEXT PRIMARY KEY,
                        dossiers INTEGER NOT NULL CHECK (dossiers >= 0),
                        updated_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4: read-only API tokens") { db in
            try db.execute(
                sql: """
                    CREATE TABLE api_token (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    """)
        }
        migrator.registerMigration("v5: daily rollups per dimension") { db in
            // One row per day, dimension (all, counter, field, officer, channel, kiosk, hour), key and answer:
            // a year of a busy centre is tens of thousands of rows, so every figure reads little.
            try db.execute(
                sql: """
                    CREATE TABLE rollup_day (
                        dimension TEXT NOT NULL,
                        day TEXT NOT NULL,
                        key TEXT NOT NULL,
                        survey TEXT NOT NULL,
                        question TEXT NOT NULL,
                        is_main INTEGER NOT NULL,
                        choice TEXT NOT NULL,
                        satisfied INTEGER NOT NULL,
                        excluded TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (dimension, day, key, survey, question, choice, excluded)
                    ) WITHOUT ROWID;
                    """)
            let dimensions = [
                ("all", "''"), ("counter", "counter"), ("field", "field"), ("officer", "officer"), ("channel", "channel"),
                ("kiosk", "kiosk"), ("hour", "printf('%02d', hour)"),
            ]
            for (dimension, key) in dimensions {
                try db.execute(
                    sql: """
                        INSERT INTO rollup_day (dimension, day, key, survey, question, is_main, choice, satisfied, excluded, count)
                        SELECT '\(dimension)', day, \(key), survey, question, MAX(is_main), choice, MAX(satisfied), excluded, SUM(count)
                        FROM rollup GROUP BY day, \(key), survey, question, choice, excluded
                        """)
            }
            try db.execute(sql: "DROP TABLE rollup")
        }
        migrator.registerMigration("v6: indexes for alerts and latest comments") { db in
            // The dashboard and every /metrics scrape ask for the last hour's ratings, each kiosk's last
            // rating and the latest comments: without these they scan every rating ever stored.
            try db.execute(
                sql: """
                    CREATE INDEX rating_received_at ON rating(received_at);
                    CREATE INDEX rating_kiosk_received_at ON rating(kiosk, received_at) WHERE kiosk IS NOT NULL;
                    CREATE INDEX rating_commented ON rating(local_day, seq) WHERE comment IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v7: OCOP product registry") { db in
            // Products of the ward (OCOP or key local products), their batches and one image each. The image
            // lives in the database so that one backup file holds the whole registry.
            try db.execute(
                sql: """
                    CREATE TABLE ocop_product (
                        id TEXT PRIMARY KEY,
                        gtin TEXT NOT NULL UNIQUE,
                        name_vi TEXT NOT NULL,
                        name_en TEXT,
                        ocop_group TEXT NOT NULL,
                        stars INTEGER,
                        score INTEGER,
                        cert_number TEXT,
                        cert_issued TEXT,
                        cert_authority TEXT,
                        cert_expires TEXT,
                        producer_name TEXT NOT NULL,
                        producer_address TEXT NOT NULL,
                        producer_phone TEXT,
                        brand TEXT,
                        description_vi TEXT,
                        description_en TEXT,
                        ingredients_vi TEXT,
                        ingredients_en TEXT,
                        storage_vi TEXT,
                        storage_en TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        updated_by TEXT
                    );
                    CREATE TABLE ocop_batch (
                        product_id TEXT NOT NULL REFERENCES ocop_product(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        batch TEXT NOT NULL,
                        produced TEXT NOT NULL,
                        expires TEXT,
                        quantity INTEGER,
                        notes TEXT,
                        updated_at TEXT NOT NULL,
                        updated_by TEXT,
                        PRIMARY KEY (product_id, batch)
                    ) WITHOUT ROWID;
                    CREATE TABLE ocop_image (
                        product_id TEXT PRIMARY KEY REFERENCES ocop_product(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        content_type TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v8: audit log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        action TEXT NOT NULL,
                        actor TEXT,
                        address TEXT,
                        detail TEXT
                    );
                    CREATE INDEX audit_log_action ON audit_log(action, seq);
                    """)
        }
        migrator.registerMigration("v10: paired kiosks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE kiosk_device (
                        id TEXT PRIMARY KEY,
                        counter TEXT,
                        token_hash TEXT NOT NULL UNIQUE,
                        pairing_code_hash TEXT NOT NULL UNIQUE,
                        pairing_expires_at TEXT NOT NULL,
                        cookie_hash TEXT UNIQUE,
                        paired_at TEXT,
                        revoked_at TEXT,
                        created_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9: login failures") { db in
            // One row per failed (or still running) sign-in: the account name as typed and the client's
            // address, so that guessing is locked out per account and per address.
            try db.execute(
                sql: """
                    CREATE TABLE login_failure (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        account TEXT NOT NULL,
                        address TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX login_failure_account ON login_failure(account, at);
                    CREATE INDEX login_failure_address ON login_failure(address, at);
                    """)
        }
        migrator.registerMigration("v11: rating hash chain and voids") { db in
            // Fingerprints become digests (they held the comment), the stored ratings are chained in seq order,
            // voids get their own chained table, and triggers make ratings, voids and the audit log append-only.
            try AppDatabase.migrateToHashChain(db)
        }
        migrator.registerMigration("v12: hub push cursor") { db in
            // How far the centre's ratings and voids have reached each city hub it pushes to, and what a hub
            // refused (a conflicting rating is reported once and never re-sent).
            try db.execute(
                sql: """
                    CREATE TABLE hub_push_cursor (
                        hub TEXT PRIMARY KEY,
                        rating_seq INTEGER NOT NULL DEFAULT 0,
                        void_seq INTEGER NOT NULL DEFAULT 0,
                        pushed_at TEXT
                    );
                    CREATE TABLE hub_push_refusal (
                        hub TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        item_id TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        message TEXT,
                        at TEXT NOT NULL,
                        PRIMARY KEY (hub, kind, item_id)
                    );
                    """)
        }
        migrator.registerMigration(AppDatabase.auditChainMigration) { db in
            // The audit log is chained like the ratings; ratings gain the comment's digest (in their hash from
            // now on) and a MAC column, and the guard of ratings is rewritten to cover both.
            try AppDatabase.migrateToAuditChain(db)
        }
        migrator.registerMigration("v14: OCOP batch renames keep old ids") { db in
            // A printed label keeps the batch id it was printed with: when staff rename a batch, the old id
            // stays here and still resolves to the batch under its new id.
            try db.execute(
                sql: """
                    CREATE TABLE ocop_batch_alias (
                        product_id TEXT NOT NULL REFERENCES ocop_product(id) ON DELETE CASCADE ON UPDATE CASCADE,
                        old_batch TEXT NOT NULL,
                        batch TEXT NOT NULL,
                        renamed_at TEXT NOT NULL,
                        PRIMARY KEY (product_id, old_batch)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }

    /// The migration after which the ratings stored before it are signed with the chain key.
    static let auditChainMigration = "v13: audit log chain"
}
