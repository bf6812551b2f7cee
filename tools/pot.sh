#!/bin/sh
# tools/pot.sh OUT - extracts the messages of libgrid and the tools into
# the gettext template OUT (po/gridkit.pot).  The one list of the
# functions whose argument is a message: make pot and the translation
# test (tests/e2e/t25-messages.sh) both call this script.
#
#   _, N_, P_:1,2         lib/internal.h, cmd/common/cli.h
#   grid_db_error:3       lib/db.c (what was being done)
#   grid_error_set:6      lib/error.c (translates its format)
#   gridi_reject_value:3  lib/error.c (the reason)
#   gridi_step_fail:4     lib/cases.c
#   bad:5                 lib/import_rules.c
#   error_prefix:2        lib/geo.c
#   fail:5                lib/reader*.c (a macro in reader_internal.h)
#   value_reject:2        lib/codes.c (through gridi_reject_value)
#   time_reject:3         lib/text.c (the same)
#   cli_warn:1, cli_die:2, cli_usage_error:1   cmd/common/cli.c
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
cd "$top"
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=C --no-wrap --sort-by-file \
    --package-name=gridkit --msgid-bugs-address=none \
    --add-comments=TRANSLATORS: \
    -k_ -kN_ -kP_:1,2 -kgrid_db_error:3 -kgrid_error_set:6 -kgridi_reject_value:3 \
    -kgridi_step_fail:4 -kbad:5 -kerror_prefix:2 -kfail:5 \
    -kvalue_reject:2 -ktime_reject:3 \
    -kcli_warn:1 -kcli_die:2 -kcli_usage_error:1 \
    --flag=grid_error_set:6:c-format --flag=P_:1:c-format --flag=P_:2:c-format --flag=gridi_step_fail:4:c-format \
    --flag=bad:5:c-format --flag=error_prefix:2:c-format \
    --flag=cli_warn:1:c-format --flag=cli_die:2:c-format \
    --flag=cli_usage_error:1:c-format \
    -o "$out" $(ls lib/*.c cmd/*/*.c | LC_ALL=C sort)
