/* the header never ends
CREATE ROLE R;
