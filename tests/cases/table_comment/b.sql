CREATE TABLE "Customer" (id int);
COMMENT ON TABLE "Customer" IS 'people who pay';
