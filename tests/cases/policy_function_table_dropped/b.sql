-- the table, its policy and the function the policy calls are all gone
CREATE TABLE kept (id int);
