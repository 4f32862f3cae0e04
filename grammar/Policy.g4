// The grammar of Stitch `.policy` files (docs/language.md is the reference).
// The C++ parser is generated from this file at build time by Debian's `antlr4`.
grammar Policy;

file : item* EOF ;

item
  : constDecl
  | metricDecl
  | healthBlock
  | guardDecl
  | policyDecl
  ;

constDecl  : CONST name (':' typeName)? '=' expr ';'? ;
metricDecl : METRIC name ':' typeName FROM name STRING ';'? ;
typeName   : name ;
guardDecl  : GUARD name expr ';'? ;

healthBlock : HEALTH '{' healthTerm* '}' ;
healthTerm  : name name? cmpOp expr WEIGHT expr ';'? ;

policyDecl : POLICY name '{' clause* '}' ;

clause
  : DESCRIPTION STRING                                  # descriptionClause
  | PRIORITY expr                                       # priorityClause
  | TARGET target                                       # targetClause
  | WHEN expr (FOR expr)?                               # whenClause
  | RECOVER WHEN expr (FOR expr)?                       # recoverClause
  | ON MISSING name                                     # missingClause
  | ALWAYS                                              # alwaysClause
  | THEN (action | '{' action* '}')                     # thenClause
  ;

target
  : SERVICE STRING                                      # serviceTarget
  | SERVICE '~' STRING                                  # serviceMatchTarget
  | SERVICES WHERE expr                                 # servicesWhereTarget
  | EACH NODE OF SERVICE (STRING | '~' STRING)          # nodeTarget
  | ROUTE STRING                                        # routeTarget
  | NAMESPACE STRING                                    # namespaceTarget
  ;

action
  : REDIRECT expr TO destination ';'?                   # redirectAction
  | MIRROR expr TO destination ';'?                     # mirrorAction
  | SHIFT expr TO destination STEP expr EVERY expr (MAX expr)? ';'?  # shiftAction
  | ISOLATE NODE (FOR expr)? ';'?                       # isolateAction
  | RATE_LIMIT expr (BURST expr)? (ON HEADER STRING ('=' STRING)?)? ';'?  # rateLimitAction
  | REQUIRE MTLS name ';'?                              # mtlsAction
  | SET TIMEOUT expr ';'?                               # timeoutAction
  | SET RETRIES expr (ON STRING)? ';'?                  # retriesAction
  ;

destination : (SUBSET | HOST)? STRING ;

// Expressions, lowest precedence first.
expr     : orExpr ;
orExpr   : andExpr (OR andExpr)* ;
andExpr  : notExpr (AND notExpr)* ;
notExpr  : NOT notExpr | cmpExpr ;
cmpExpr  : addExpr (cmpOp addExpr | IN list | '~' STRING)? ;
cmpOp    : '<' | '<=' | '>' | '>=' | '==' | '!=' ;
addExpr  : mulExpr (addOp mulExpr)* ;
addOp    : '+' | '-' ;
mulExpr  : unary (mulOp unary)* ;
mulOp    : '*' | '/' ;
unary    : '-' unary | primary ;
primary
  : QUANTITY                                            # quantityExpr
  | NUMBER                                              # numberExpr
  | STRING                                              # stringExpr
  | (TRUE | FALSE)                                      # boolExpr
  | name '(' (expr (',' expr)*)? ')'                    # callExpr
  | name                                                # nameExpr
  | '(' expr ')'                                        # parenExpr
  | list                                                # listExpr
  ;
list : '[' (expr (',' expr)*)? ']' ;

// Words that are keywords in one place and may be names elsewhere (`max(x, 5m)`,
// `header("x")`, a metric called `route`).
name
  : IDENT
  | DESCRIPTION | PRIORITY | TARGET | SERVICE | SERVICES | WHERE | EACH | NODE | OF | ROUTE
  | NAMESPACE | REDIRECT | MIRROR | SHIFT | ISOLATE | RATE_LIMIT | REQUIRE | MTLS | SET
  | TIMEOUT | RETRIES | TO | SUBSET | HOST | STEP | EVERY | MAX | BURST | HEADER | MISSING
  | FROM | WEIGHT | HEALTH
  ;

// Reserved words.
CONST : 'const' ; METRIC : 'metric' ; HEALTH : 'health' ; GUARD : 'guard' ; POLICY : 'policy' ;
WHEN : 'when' ; FOR : 'for' ; RECOVER : 'recover' ; ON : 'on' ; ALWAYS : 'always' ;
THEN : 'then' ; AND : 'and' ; OR : 'or' ; NOT : 'not' ; IN : 'in' ; TRUE : 'true' ;
FALSE : 'false' ;
// Contextual words (see `name`).
DESCRIPTION : 'description' ; PRIORITY : 'priority' ; TARGET : 'target' ; SERVICE : 'service' ;
SERVICES : 'services' ; WHERE : 'where' ; EACH : 'each' ; NODE : 'node' ; OF : 'of' ;
ROUTE : 'route' ; NAMESPACE : 'namespace' ; REDIRECT : 'redirect' ; MIRROR : 'mirror' ;
SHIFT : 'shift' ; ISOLATE : 'isolate' ; RATE_LIMIT : 'rate_limit' ; REQUIRE : 'require' ;
MTLS : 'mtls' ; SET : 'set' ; TIMEOUT : 'timeout' ; RETRIES : 'retries' ; TO : 'to' ;
SUBSET : 'subset' ; HOST : 'host' ; STEP : 'step' ; EVERY : 'every' ; MAX : 'max' ;
BURST : 'burst' ; HEADER : 'header' ; MISSING : 'missing' ; FROM : 'from' ; WEIGHT : 'weight' ;

// A number with a unit suffix: 500ms, 1m30s, 5%, 10MiB, 100/s, 10MiB/s. Suffixes are validated by the
// front-end, which names an unknown unit precisely instead of failing to tokenise.
QUANTITY
  : DIGITS ('.' DIGITS)? (UNIT_WORD | '%') (DIGITS ('.' DIGITS)? UNIT_WORD)*
  | DIGITS ('.' DIGITS)? UNIT_WORD? '/' UNIT_WORD
  ;
NUMBER : DIGITS ('.' DIGITS)? ;
IDENT  : [A-Za-z_] [A-Za-z0-9_]* ;

// Strings: escapes are decoded and validated by the front-end.
STRING : '"' ( '\\' . | ~["\\\r\n] )* '"' ;
UNTERMINATED_STRING : '"' ( '\\' . | ~["\\\r\n] )* ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' COMMENT_BODY '*'+ '/' -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' COMMENT_BODY '*'* EOF ;
WS : [ \t\r\n\f]+ -> skip ;

// Any other character becomes a token so that the parser reports it with its position.
LT:'<'; LE:'<='; GT:'>'; GE:'>='; EQ:'=='; NE:'!='; ASSIGN:'='; PLUS:'+'; MINUS:'-'; STAR:'*';
SLASH:'/'; TILDE:'~'; LPAREN:'('; RPAREN:')'; LBRACE:'{'; RBRACE:'}'; LBRACK:'['; RBRACK:']';
COMMA:','; COLON:':'; SEMI:';';
ERROR_CHAR : . ;

fragment DIGITS    : [0-9]+ ;
fragment UNIT_WORD : [A-Za-z]+ ;
fragment COMMENT_BODY : ( ~'*' | '*'+ ~[*/] )* ;
