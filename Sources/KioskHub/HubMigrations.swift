/// The hub schema's history. A shipped migration is never edited; changes come as new ones.
enum HubMigrations {
    struct Migration {
        var name: String
        var statements: [String]
    }

    static let all = [
        Migration(
            name: "v1: centres, partitioned ratings, rollups, voids, readers",
            statements: [
                """
                CREATE TABLE centre (
                    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
                    name text NOT NULL,
                    district text NOT NULL DEFAULT '',
                    kind text NOT NULL CHECK (kind IN ('ward', 'commune', 'special_zone')),
                    token_hash text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    rating_seq bigint NOT NULL DEFAULT 0,
                    void_seq bigint NOT NULL DEFAULT 0,
                    pushed_at timestamptz
                )
                """,
                // One row per rating id and centre, whatever the month: the id's uniqueness across partitions.
                """
                CREATE TABLE rating_id (
                    centre text NOT NULL REFERENCES centre(code),
                    id uuid NOT NULL,
                    fingerprint text NOT NULL,
                    local_day date NOT NULL,
                    seq bigint NOT NULL,
                    PRIMARY KEY (centre, id)
                )
                """,
                // Partitioned by month of the centre's local day; the months are created as ratings arrive.
                """
                CREATE TABLE rating (
                    centre text NOT NULL,
                    id uuid NOT NULL,
                    seq bigint NOT NULL,
                    local_day date NOT NULL,
                    hour smallint NOT NULL,
                    survey text NOT NULL,
                    main_choice text NOT NULL,
                    satisfied boolean NOT NULL,
                    answers jsonb NOT NULL,
                    counter text,
                    field text,
                    officer text,
                    channel text NOT NULL,
                    kiosk text,
                    excluded text,
                    created_at timestamptz NOT NULL,
                    received_at timestamptz NOT NULL,
                    pushed_at timestamptz NOT NULL DEFAULT now(),
                    fingerprint text NOT NULL,
                    prev_hash text,
                    hash text,
                    PRIMARY KEY (centre, id, local_day)
                ) PARTITION BY RANGE (local_day)
                """,
                "CREATE TABLE rating_default PARTITION OF rating DEFAULT",
                """
                CREATE TABLE rating_void (
                    centre text NOT NULL,
                    rating_id uuid NOT NULL,
                    seq bigint NOT NULL,
                    at timestamptz NOT NULL,
                    previous_excluded text,
                    pushed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (centre, rating_id),
                    FOREIGN KEY (centre, rating_id) REFERENCES rating_id(centre, id)
                )
                """,
                // The centre's rollup_day, per centre, and the same counts per month for long periods.
                """
                CREATE TABLE rollup_day (
                    centre text NOT NULL,
                    dimension text NOT NULL,
                    day date NOT NULL,
                    key text NOT NULL,
                    survey text NOT NULL,
                    question text NOT NULL,
                    is_main boolean NOT NULL,
                    choice text NOT NULL,
                    satisfied smallint NOT NULL,
                    excluded text NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (centre, dimension, day, key, survey, question, choice, excluded)
                )
                """,
                """
                CREATE TABLE rollup_month (
                    centre text NOT NULL,
                    dimension text NOT NULL,
                    month date NOT NULL,
                    key text NOT NULL,
                    survey text NOT NULL,
                    question text NOT NULL,
                    is_main boolean NOT NULL,
                    choice text NOT NULL,
                    satisfied smallint NOT NULL,
                    excluded text NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (centre, dimension, month, key, survey, question, choice, excluded)
                )
                """,
                "CREATE INDEX rollup_day_city ON rollup_day (dimension, day) WHERE is_main",
                "CREATE INDEX rollup_month_city ON rollup_month (dimension, month) WHERE is_main",
                """
                CREATE TABLE reader (
                    name text PRIMARY KEY,
                    token_hash text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
            ]),
        Migration(
            name: "v2: chain witness and centre alerts",
            statements: [
                // The last link of each centre's rating chain the hub saw, and since when it witnesses it.
                "ALTER TABLE centre ADD COLUMN chain_seq bigint NOT NULL DEFAULT 0",
                "ALTER TABLE centre ADD COLUMN chain_hash text",
                "ALTER TABLE centre ADD COLUMN chain_since timestamptz NOT NULL DEFAULT '-infinity'",
                """
                CREATE TABLE centre_alert (
                    centre text NOT NULL REFERENCES centre(code),
                    kind text NOT NULL,
                    message text NOT NULL,
                    first_at timestamptz NOT NULL DEFAULT now(),
                    last_at timestamptz NOT NULL DEFAULT now(),
                    times bigint NOT NULL DEFAULT 1,
                    PRIMARY KEY (centre, kind)
                )
                """,
            ]),
    ]
}
