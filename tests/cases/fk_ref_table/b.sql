CREATE TABLE "Parent" (id int PRIMARY KEY);
CREATE TABLE other (id int PRIMARY KEY);
CREATE TABLE child (pid int CONSTRAINT child_pid_fk REFERENCES other);
