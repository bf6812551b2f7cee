/*
 * testfs.h - files for the C unit tests: a temporary directory removed
 * with everything in it, and text in GB18030.  Include it in one file of
 * a test program, after defining `static char dir[]` (a mkdtemp
 * template, filled in by the test).
 */
#ifndef GRID_TESTFS_H
#define GRID_TESTFS_H

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* dir/name in path (size n); returns path. */
static inline char *
in_dir(char *path, size_t n, const char *name)
{
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

/* Removes every file of the temporary directory, then the directory. */
static inline void
remove_dir(void)
{
	struct dirent *e;
	char path[512];
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(in_dir(path, sizeof(path), e->d_name));
	closedir(d);
	rmdir(dir);
}

/* UTF-8 text converted to GB18030; a new buffer of *n bytes, with a NUL
 * after them. */
static inline char *
to_gb18030(const char *utf8, size_t *n)
{
	size_t inleft = strlen(utf8), outleft = 4 * inleft + 16;
	char *in = (char *)utf8, *out, *text;
	iconv_t cd;

	if ((text = malloc(outleft)) == NULL)
		return NULL;
	out = text;
	cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1 ||
	    iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		free(text);
		return NULL;
	}
	iconv_close(cd);
	*n = (size_t)(out - text);
	*out = '\0';
	return text;
}

/* The whole file as a new NUL-terminated buffer (*n bytes), or NULL. */
static inline char *
slurp(const char *path, size_t *n)
{
	char *data = NULL;
	long size;
	FILE *f = fopen(path, "rb");

	*n = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)size + 1)) != NULL &&
	    fread(data, 1, (size_t)size, f) == (size_t)size) {
		data[size] = '\0';
		*n = (size_t)size;
	} else {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

/* Removes a database file and its -wal and -shm files. */
static inline void
unlink_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char file[512];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
}

#endif
