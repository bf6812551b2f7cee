/*
 * dispute.h - the dispute commands of grid-case (dispute.c): dispute
 * (its parties, mediator and kind of mediation), mediate (one attempt)
 * and parties (the parties, masked unless --reveal).  argv[0] is the
 * command's name; each returns the exit status.
 */
#ifndef GRID_CASE_DISPUTE_H
#define GRID_CASE_DISPUTE_H

int case_dispute(int argc, char **argv);
int case_mediate(int argc, char **argv);
int case_parties(int argc, char **argv);

/*
 * show, one line per field: when case id is a dispute, lines of its
 * details (dispute.mediator, ...), its parties (a person's ID number
 * masked unless reveal) and its attempts, written to rows.  0, or -1
 * with err (a write's error, or the database's).
 */
struct case_rows;
struct grid_db;
struct grid_error;
int case_dispute_lines(struct grid_db *db, const char *id,
    struct case_rows *rows, int reveal, struct grid_error *err);

#endif
