/*
 * reveal.c - the trace of lists shown unmasked (reveal.h): one JSON line
 * appended to a 0600 file beside the database, synced before the caller
 * shows anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "grid/reveal.h"
#include "grid/text.h"
#include "internal.h"

char *
grid_reveal_log_path(const struct grid_db *db, char *out, size_t n)
{
	int len = snprintf(out, n, "%s.reveal.log", grid_db_path(db));

	return len < 0 || (size_t)len >= n ? NULL : out;
}

/* Writes all of text to fd and syncs it.  0, or -1 with errno. */
static int
write_synced(int fd, const char *text, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, text, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		text += w;
		len -= (size_t)w;
	}
	return fsync(fd);
}

int
grid_reveal_log(struct grid_db *db, const char *actor, const char *list,
    const char *query, struct grid_error *err)
{
	char path[4096], at[64], *line = NULL;
	json_t *o = NULL;
	time_t now;
	size_t len;
	int fd = -1, ret = -1;

	if (grid_reveal_log_path(db, path, sizeof(path)) == NULL) {
		grid_error_set(err, GRID_ECANTCREAT, grid_db_path(db), 0,
		    NULL, "path too long");
		goto out;
	}
	if (grid_now(&now, err) != 0)
		goto out;
	grid_time_format(now, at, sizeof(at));
	o = json_pack("{s:s, s:s, s:s, s:s}", "at", at, "actor", actor,
	    "list", list, "query", query);
	/* one write of the line and its newline: O_APPEND keeps the
	 * lines of processes writing at once whole */
	if (o == NULL || (len = json_dumpb(o, NULL, 0, JSON_COMPACT)) == 0 ||
	    (line = malloc(len + 1)) == NULL ||
	    json_dumpb(o, line, len, JSON_COMPACT) != len) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	line[len] = '\n';
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || write_synced(fd, line, len + 1) != 0) {
		grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
		    "cannot record the reveal: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0 && close(fd) != 0 && ret == 0)
		ret = grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
		    "cannot record the reveal: %s", strerror(errno));
	free(line);
	json_decref(o);
	return ret;
}
