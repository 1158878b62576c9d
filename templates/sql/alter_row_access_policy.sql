ALTER ROW ACCESS POLICY {{ name }} SET BODY -> {{ body }}
