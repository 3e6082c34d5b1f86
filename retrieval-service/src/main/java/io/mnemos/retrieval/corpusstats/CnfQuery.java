package io.mnemos.retrieval.corpusstats;

import java.util.ArrayList;
import java.util.List;

/**
 * A query in conjunctive normal form: clauses ANDed together, each clause an OR of n-grams (term strings, tokenized
 * by the index). Syntax of {@link #parse(String)}, as in Infini-gram: {@code A AND B}, {@code A OR B AND C} with
 * <b>OR binding tighter than AND</b>, i.e. {@code (A OR B) AND C}. The operators are the upper-case words {@code AND}
 * and {@code OR} separated by whitespace; lower-case {@code and}/{@code or} are ordinary words. A term is one or more
 * words ({@code New York AND Paris}); a double-quoted string is one word that may contain the operator words,
 * whitespace, and the escapes {@code \"} and {@code \\} ({@code "Romeo AND Juliet" AND Verona}). Parentheses have no
 * meaning (they are punctuation tokens).
 *
 * @param clauses at least one clause; every clause has at least one non-blank term
 */
public record CnfQuery(List<List<String>> clauses) {

    /** Upper bounds that keep one query's work bounded. */
    public static final int MAX_CLAUSES = 32;

    public static final int MAX_TERMS_PER_CLAUSE = 32;

    public CnfQuery {
        if (clauses == null || clauses.isEmpty()) {
            throw new InvalidQueryException("a query needs at least one clause", -1);
        }
        if (clauses.size() > MAX_CLAUSES) {
            throw new InvalidQueryException("too many AND clauses (max " + MAX_CLAUSES + ")", -1);
        }
        List<List<String>> copy = new ArrayList<>(clauses.size());
        for (List<String> clause : clauses) {
            if (clause == null || clause.isEmpty()) {
                throw new InvalidQueryException("a clause needs at least one term", -1);
            }
            if (clause.size() > MAX_TERMS_PER_CLAUSE) {
                throw new InvalidQueryException("too many OR terms in a clause (max " + MAX_TERMS_PER_CLAUSE + ")", -1);
            }
            for (String term : clause) {
                if (term == null || term.isBlank()) {
                    throw new InvalidQueryException("empty term", -1);
                }
            }
            copy.add(List.copyOf(clause));
        }
        clauses = List.copyOf(copy);
    }

    /** A single-clause, single-term query: plain n-gram. */
    public static CnfQuery ngram(String text) {
        return new CnfQuery(List.of(List.of(text)));
    }

    /** {@code a AND b AND ...}, each a single n-gram. */
    public static CnfQuery and(String... terms) {
        List<List<String>> clauses = new ArrayList<>();
        for (String t : terms) {
            clauses.add(List.of(t));
        }
        return new CnfQuery(clauses);
    }

    /**
     * Parses the query syntax described on this class.
     *
     * @throws InvalidQueryException with the offending character position for empty input, an operator where a term
     *     is expected (leading, trailing or doubled {@code AND}/{@code OR}), an unterminated quote, or an empty quoted
     *     term
     */
    public static CnfQuery parse(String query) {
        if (query == null) {
            throw new InvalidQueryException("query is null", 0);
        }
        List<Token> tokens = lex(query);
        if (tokens.isEmpty()) {
            throw new InvalidQueryException("empty query", 0);
        }
        List<List<String>> clauses = new ArrayList<>();
        List<String> clause = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        Token previous = null;
        for (Token tok : tokens) {
            if (tok.kind == Kind.WORD) {
                if (!term.isEmpty()) {
                    term.append(' ');
                }
                term.append(tok.text);
            } else {
                if (term.isEmpty()) {
                    String after = previous == null ? "at the start of the query" : "after '" + previous.text + "'";
                    throw new InvalidQueryException("expected a term but found '" + tok.text + "' " + after, tok.start);
                }
                clause.add(term.toString());
                term.setLength(0);
                if (tok.kind == Kind.AND) {
                    checkClause(clause, tok.start);
                    clauses.add(clause);
                    clause = new ArrayList<>();
                }
            }
            previous = tok;
        }
        if (term.isEmpty()) {
            throw new InvalidQueryException("expected a term after '" + previous.text + "'", query.length());
        }
        clause.add(term.toString());
        checkClause(clause, query.length());
        clauses.add(clause);
        if (clauses.size() > MAX_CLAUSES) {
            throw new InvalidQueryException("too many AND clauses (max " + MAX_CLAUSES + ")", 0);
        }
        return new CnfQuery(clauses);
    }

    private static void checkClause(List<String> clause, int position) {
        if (clause.size() > MAX_TERMS_PER_CLAUSE) {
            throw new InvalidQueryException(
                    "too many OR terms in a clause (max " + MAX_TERMS_PER_CLAUSE + ")", position);
        }
    }

    /** Renders the query back in the {@link #parse(String)} syntax; terms containing operators or quotes are quoted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < clauses.size(); c++) {
            if (c > 0) {
                sb.append(" AND ");
            }
            List<String> clause = clauses.get(c);
            for (int t = 0; t < clause.size(); t++) {
                if (t > 0) {
                    sb.append(" OR ");
                }
                sb.append(quoteIfNeeded(clause.get(t)));
            }
        }
        return sb.toString();
    }

    /** Quotes {@code term} if {@link #parse(String)} would otherwise split or reinterpret it. */
    public static String quoteIfNeeded(String term) {
        boolean needs = term.indexOf('"') >= 0 || term.indexOf('\\') >= 0;
        if (!needs) {
            for (String w : term.trim().split("\\s+")) {
                if (w.equals("AND") || w.equals("OR")) {
                    needs = true;
                    break;
                }
            }
        }
        if (!needs) {
            return term;
        }
        return '"' + term.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private enum Kind {
        WORD,
        AND,
        OR
    }

    private record Token(Kind kind, String text, int start) {}

    private static List<Token> lex(String q) {
        List<Token> out = new ArrayList<>();
        int n = q.length();
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = q.charAt(i);
                    if (d == '\\' && i + 1 < n && (q.charAt(i + 1) == '"' || q.charAt(i + 1) == '\\')) {
                        sb.append(q.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new InvalidQueryException("unterminated quoted term", start);
                }
                if (sb.toString().isBlank()) {
                    throw new InvalidQueryException("empty quoted term", start);
                }
                out.add(new Token(Kind.WORD, sb.toString(), start));
            } else {
                while (i < n && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != '"') {
                    i++;
                }
                String word = q.substring(start, i);
                Kind kind =
                        switch (word) {
                            case "AND" -> Kind.AND;
                            case "OR" -> Kind.OR;
                            default -> Kind.WORD;
                        };
                out.add(new Token(kind, word, start));
            }
        }
        return out;
    }
}
