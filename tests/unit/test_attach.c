/*
 * test_attach.c - unit tests of the evidence of a case (lib/attach.c):
 * real files probed (a PNG, a text, an empty file, a compressible one
 * larger than a piece), their SHA-256 checked against known values;
 * files that cannot be attached (missing, a directory, unreadable, a
 * read error); the archive DB.sqlar made 0600, its entries read back
 * byte for byte, compressed when smaller, refused when damaged, a file
 * changed between its probe and its storing refused with nothing
 * stored; rows with their case_log row, refused values with nothing
 * written; the after-photo that verify --pass may need.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/attach.h"
#include "grid/db.h"
#include "grid/error.h"

#include "tap.h"

static char dir[] = "/tmp/test_attach.XXXXXX";

#include "testfs.h"
#include "testdb.h"

#define NOW "2026-06-15T10:00:00+08:00"
#define EMPTY_SHA \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/* sha256 of "abc" (FIPS 180-2, appendix B.1) */
#define ABC_SHA \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* A 1x1 PNG (signature, IHDR, IDAT, IEND), as a camera would not. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde,
	0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63,
	0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd,
	0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82,
};

static char path_png[512], path_abc[512], path_empty[512], path_big[512];
static char path_out[512];

static void
write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0)
		die("write", path);
}

/* A text that compresses well and spans several pieces of 256 KiB. */
static void
write_big(const char *path)
{
	FILE *fp = fopen(path, "wb");
	long i;

	if (fp == NULL)
		die("write", path);
	for (i = 0; i < 120000; i++)
		fprintf(fp, "line %ld of the evidence\n", i);
	if (fclose(fp) != 0)
		die("write", path);
}

/* 1 when the two files have the same bytes. */
static int
same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb, same = fa != NULL && fb != NULL;

	while (same) {
		ca = getc(fa);
		cb = getc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF)
			break;
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	return same;
}

static long
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void
test_names(void)
{
	char out[128];

	is_str(grid_attach_kind("image/jpeg"), "photo", "image: photo");
	is_str(grid_attach_kind("audio/amr"), "audio", "audio");
	is_str(grid_attach_kind("video/mp4"), "video", "video");
	is_str(grid_attach_kind("application/pdf"), "document",
	    "anything else: document");
	is_str(grid_attach_uri_mime("https://m.example/a/b.JPG?x=1#y"),
	    "image/jpeg", "an address's type from its extension");
	is_str(grid_attach_uri_mime("https://m.example/a.b/c"),
	    "application/octet-stream", "no extension: octet-stream");
	is_str(grid_attach_mask_uri("https://m.example/p/张三.jpg?t=1", out,
	    sizeof(out)), "https://m.example/***.jpg",
	    "a URL masked: scheme and host, extension");
	is_str(grid_attach_mask_uri("/home/clerk/13812345678.png", out,
	    sizeof(out)), "***.png", "a path masked: the extension alone");
	is_str(grid_attach_mask_uri("evidence", out, sizeof(out)), "***",
	    "nothing kept without an extension");
}

static void
test_probe(void)
{
	struct grid_attach_file f;
	struct grid_error e;
	char path[512];

	ok(grid_attach_probe(path_png, 1, &f, &e) == 0, "probe a PNG");
	is_str(f.mime, "image/png", "its type from its bytes");
	is_str(f.kind, "photo", "a photo");
	is_int(f.size, (long long)sizeof(png), "its size");
	ok(strlen(f.sha256) == 64, "64 hex digits");
	ok(grid_attach_probe(path_abc, 0, &f, &e) == 0, "probe a text");
	is_str(f.sha256, ABC_SHA, "sha256 of abc");
	is_str(f.mime, "text/plain", "text/plain");
	is_str(f.kind, "document", "a document");
	is_int(f.packed, -1, "packed size not asked");
	ok(grid_attach_probe(path_empty, 1, &f, &e) == 0, "probe an empty file");
	is_str(f.sha256, EMPTY_SHA, "sha256 of nothing");
	is_int(f.size, 0, "size 0");
	is_int(f.packed, 0, "nothing to pack");
	ok(grid_attach_probe(path_big, 1, &f, &e) == 0, "probe a large text");
	is_int(f.size, file_size(path_big), "its whole size, piece by piece");
	ok(f.packed > 0 && f.packed < f.size / 2, "compressed smaller");

	ok(grid_attach_probe(in_dir(path, sizeof(path), "missing.jpg"), 0,
	    &f, &e) == -1 && e.code == GRID_ENOINPUT, "missing: 66");
	ok(strstr(e.source, "missing.jpg") != NULL, "the file named");
	ok(grid_attach_probe(dir, 0, &f, &e) == -1 &&
	    e.code == GRID_ENOINPUT && strstr(e.text, "directory") != NULL,
	    "a directory: 66");
	ok(grid_attach_probe("/dev/null", 0, &f, &e) == -1 &&
	    e.code == GRID_ENOINPUT, "a device: 66");
	in_dir(path, sizeof(path), "locked.jpg");
	write_file(path, "x", 1);
	chmod(path, 0);
	if (geteuid() != 0)
		ok(grid_attach_probe(path, 0, &f, &e) == -1 &&
		    e.code == GRID_ENOINPUT, "unreadable (mode 0): 66");
	else	/* root reads a file of mode 0: a read error instead */
		ok(grid_attach_probe("/proc/self/mem", 0, &f, &e) == -1 &&
		    e.code == GRID_EIO, "a read error: 74");
	unlink(path);
}

/* The archive: made 0600, entries back byte for byte, damage refused. */
static void
test_archive(void)
{
	struct grid_attach_archive *ar;
	struct grid_attach_file big, abc, empty;
	struct grid_error e;
	struct stat sb;
	char apath[600];
	long long size = -1;
	FILE *out;

	ok(grid_attach_archive_open(db, 0, &ar, &e) == -1 &&
	    e.code == GRID_ENOINPUT, "no archive yet: 66 when not creating");
	grid_attach_probe(path_big, 1, &big, &e);
	grid_attach_probe(path_abc, 1, &abc, &e);
	grid_attach_probe(path_empty, 1, &empty, &e);
	ok(grid_attach_archive_open(db, 1, &ar, &e) == 0, "create it");
	grid_attach_archive_path(db, apath, sizeof(apath));
	ok(strcmp(apath + strlen(apath) - 9, ".db.sqlar") == 0,
	    "DB.sqlar beside the database");
	ok(stat(apath, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "mode 0600");
	ok(grid_attach_archive_begin(ar, &e) == 0, "begin");
	is_int(grid_attach_archive_put(ar, "202606150001", path_big, &big,
	    &e), 1, "store the large file");
	is_int(grid_attach_archive_put(ar, "202606150001", path_abc, &abc,
	    &e), 1, "store abc");
	is_int(grid_attach_archive_put(ar, "202606150001", path_empty,
	    &empty, &e), 1, "store the empty file");
	is_int(grid_attach_archive_put(ar, "202606150001", path_abc, &abc,
	    &e), 0, "the same bytes again: there already");
	ok(grid_attach_archive_commit(ar, &e) == 0, "commit");

	out = fopen(path_out, "wb");
	ok(grid_attach_archive_get(ar, "202606150001", big.sha256, out,
	    &size, &e) == 0, "get the large file");
	fclose(out);
	is_int(size, big.size, "its size");
	ok(same_bytes(path_out, path_big), "byte for byte");
	out = fopen(path_out, "wb");
	ok(grid_attach_archive_get(ar, "202606150001", EMPTY_SHA, out, &size,
	    &e) == 0 && size == 0, "get the empty file");
	fclose(out);
	is_int(file_size(path_out), 0, "nothing");
	ok(grid_attach_archive_get(ar, "202606150002", ABC_SHA, NULL, NULL,
	    &e) == -1 && e.code == GRID_EDATA &&
	    strstr(e.text, "no such attachment") != NULL,
	    "another case's name: no such attachment");

	/* damage: the stored bytes of abc changed behind the tool's back */
	{
		sqlite3 *raw = NULL;

		if (sqlite3_open(apath, &raw) != SQLITE_OK ||
		    sqlite3_exec(raw, "UPDATE sqlar SET data = CAST('abd' AS "
		    "BLOB) WHERE name LIKE '%/" ABC_SHA "'", NULL, NULL,
		    NULL) != SQLITE_OK)
			die("damage", sqlite3_errmsg(raw));
		sqlite3_close(raw);
	}
	out = fopen(path_out, "wb");
	ok(grid_attach_archive_get(ar, "202606150001", ABC_SHA, out, NULL,
	    &e) == -1 && e.code == GRID_EDATA &&
	    strstr(e.text, "does not match its sha256") != NULL,
	    "damaged bytes refused");
	fclose(out);
	is_int(file_size(path_out), 0, "nothing written of them");
	grid_attach_archive_close(ar);
}

/* A file changed between its probe and its storing: nothing stored. */
static void
test_changed(void)
{
	struct grid_attach_archive *ar;
	struct grid_attach_file f;
	struct grid_error e;
	char path[512];
	FILE *fp;

	in_dir(path, sizeof(path), "growing.txt");
	write_file(path, "first", 5);
	grid_attach_probe(path, 1, &f, &e);
	if ((fp = fopen(path, "ab")) == NULL)
		die("append", path);
	fputs(" and more", fp);
	fclose(fp);
	ok(grid_attach_archive_open(db, 1, &ar, &e) == 0 &&
	    grid_attach_archive_begin(ar, &e) == 0, "open the archive");
	ok(grid_attach_archive_put(ar, "202606150001", path, &f, &e) == -1 &&
	    e.code == GRID_EDATA && strstr(e.text, "changed") != NULL,
	    "a file that grew: refused");
	grid_attach_archive_close(ar);	/* rolled back */
	ok(grid_attach_archive_open(db, 0, &ar, &e) == 0, "open again");
	ok(grid_attach_archive_get(ar, "202606150001", f.sha256, NULL, NULL,
	    &e) == -1 && e.code == GRID_EDATA, "nothing of it stored");
	grid_attach_archive_close(ar);
	unlink(path);
}

static long
count(const char *table)
{
	char q[128];

	snprintf(q, sizeof(q), "SELECT count(*) FROM %s", table);
	return strtol(sql_one(q), NULL, 10);
}

/* Rows and their log rows; bad values refused, nothing written. */
static void
test_rows(void)
{
	struct grid_attach_file f;
	struct grid_attach_added added;
	struct grid_attachment a;
	struct grid_error e;

	grid_attach_probe(path_png, 0, &f, &e);
	memset(&a, 0, sizeof(a));
	a.case_id = "209901010001";
	a.kind = f.kind;
	a.uri = path_png;
	a.mime = f.mime;
	a.file = &f;
	a.stored = 1;
	a.actor = "tester";
	ok(grid_attach_add(db, &a, &added, &e) == -1 && e.code == GRID_EDATA &&
	    strstr(e.text, "no such case") != NULL, "no such case: 65");
	a.case_id = "202606150001";
	a.stage = "during";
	ok(grid_attach_add(db, &a, &added, &e) == -1 &&
	    strcmp(e.field, "stage") == 0, "a bad stage");
	a.stage = "after";
	a.x = "120.6";
	ok(grid_attach_add(db, &a, &added, &e) == -1 &&
	    strcmp(e.field, "y") == 0, "x without y");
	a.y = "north";
	ok(grid_attach_add(db, &a, &added, &e) == -1 &&
	    strcmp(e.field, "y") == 0 && e.code == GRID_EDATA,
	    "y not a number");
	a.y = "31.3";
	a.at = "2026-02-30 10:00";
	ok(grid_attach_add(db, &a, &added, &e) == -1 &&
	    strcmp(e.field, "at") == 0, "an impossible time");
	a.at = "2026-06-15 09:30";
	a.worker_id = "W999";
	ok(grid_attach_add(db, &a, &added, &e) == -1 &&
	    strcmp(e.field, "worker") == 0, "an unknown worker");
	is_int(count("attachments"), 0, "nothing written by the refusals");
	is_int(count("case_log"), 0, "nor logged");
	a.worker_id = "W001";
	a.note = "路面已修复";
	ok(grid_attach_add(db, &a, &added, &e) == 0, "an after-photo added");
	is_int(added.id, 1, "its id");
	is_str(added.at, "2026-06-15T09:30:00+08:00", "when it was taken");
	is_str(sql_one("SELECT kind || ' ' || stage || ' ' || mime || ' ' || "
	    "size || ' ' || stored || ' ' || x || ' ' || worker_id "
	    "FROM attachments"), "photo after image/png 69 1 120.6 W001",
	    "the row");
	is_str(sql_one("SELECT action || ' ' || from_status || ' ' || "
	    "to_status || ' ' || at FROM case_log"),
	    "attach reported reported " NOW, "logged now, status unchanged");
	ok(strstr(sql_one("SELECT note FROM case_log"), f.sha256) != NULL,
	    "the log names its sha256");
}

static void
test_verify_ready(void)
{
	struct grid_attachment a;
	struct grid_error e;

	is_int(grid_attach_verify_ready(db, "202606150002", &e), 1,
	    "require_after_photo 0: always ready");
	sql("UPDATE settings SET value = '1' WHERE key = "
	    "'require_after_photo'");
	is_int(grid_attach_verify_ready(db, "202606150002", &e), 0,
	    "1, and no after-photo: not ready");
	ok(e.code == GRID_EDATA && strstr(e.text, "202606150002") != NULL,
	    "65, naming the case");
	memset(&a, 0, sizeof(a));
	a.case_id = "202606150002";
	a.kind = "photo";
	a.uri = "https://media.example.org/before.jpg";
	a.mime = "image/jpeg";
	a.actor = "tester";
	ok(grid_attach_add(db, &a, NULL, &e) == 0, "a before-photo");
	is_int(grid_attach_verify_ready(db, "202606150002", &e), 0,
	    "a before-photo is not enough");
	a.stage = "after";
	ok(grid_attach_add(db, &a, NULL, &e) == 0, "an after-photo by "
	    "address");
	is_int(grid_attach_verify_ready(db, "202606150002", &e), 1,
	    "ready");
	sql("UPDATE settings SET value = 'yes' WHERE key = "
	    "'require_after_photo'");
	ok(grid_attach_verify_ready(db, "202606150002", &e) == -1 &&
	    strcmp(e.source, "settings") == 0, "a bad setting named");
}

int
main(void)
{
	char apath[600];

	test_begin(NOW);
	db_create("INSERT INTO workers (id, name) VALUES ('W001', '郭勇');"
	    "INSERT INTO cases (id, source, reported_at) VALUES "
	    "('202606150001', 'hotline', '" NOW "'), "
	    "('202606150002', 'hotline', '" NOW "')");
	write_file(in_dir(path_png, sizeof(path_png), "photo.png"), png,
	    sizeof(png));
	write_file(in_dir(path_abc, sizeof(path_abc), "abc.txt"), "abc", 3);
	write_file(in_dir(path_empty, sizeof(path_empty), "empty"), "", 0);
	write_big(in_dir(path_big, sizeof(path_big), "big.txt"));
	in_dir(path_out, sizeof(path_out), "out");
	test_names();
	test_probe();
	test_archive();
	test_changed();
	test_rows();
	test_verify_ready();
	grid_attach_archive_path(db, apath, sizeof(apath));
	unlink_db(apath);
	unlink(path_png);
	unlink(path_abc);
	unlink(path_empty);
	unlink(path_big);
	unlink(path_out);
	test_end();
	return tap_done();
}
