CREATE TABLE keep (id bigint);
CREATE TABLE tmp_import (id bigint PRIMARY KEY, extra text);
CREATE INDEX ON tmp_import (extra);
