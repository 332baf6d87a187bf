CREATE SEQUENCE "Order_Number_seq" AS integer;
