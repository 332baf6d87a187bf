CREATE TABLE "Account" (email text, n int,
    CONSTRAINT "Account_email_uq" UNIQUE (email),
    CONSTRAINT "n_größer_null" CHECK (n > 0));
