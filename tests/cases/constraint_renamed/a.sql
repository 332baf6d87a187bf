CREATE TABLE "Account" (email text, n int,
    CONSTRAINT email_unique UNIQUE (email),
    CONSTRAINT n_positive CHECK (n > 0));
