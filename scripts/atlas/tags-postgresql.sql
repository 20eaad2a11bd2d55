-- The table every atlas row races on PostgreSQL: a tag with a unique name (Active Record's timestamps too).
DROP TABLE IF EXISTS tags;
CREATE TABLE tags (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    created_at TIMESTAMP(6) NULL,
    updated_at TIMESTAMP(6) NULL
);
