CREATE TABLE keep (id int, legacy_flag boolean);
CREATE TABLE tmp_import (id int PRIMARY KEY);
