-- The table every atlas row races on MySQL and MariaDB: a tag with a unique name (Active Record's timestamps too).
DROP TABLE IF EXISTS tags;
CREATE TABLE tags (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    created_at DATETIME(6) NULL,
    updated_at DATETIME(6) NULL
) ENGINE=InnoDB;
