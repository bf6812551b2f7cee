# bash completion for the gridkit tools.
#
# One function per tool, _gridkit_TOOL (with '-' as '_'), registered at the
# end of the file; to add a tool, add its function and its complete line.
# The file is installed once per tool name (make install), so that
# bash-completion finds it whichever tool is completed first.  It needs
# bash 4 (compopt) and nothing from the bash-completion package.

# Words for a value: COMPREPLY gets those of $1 that start with $cur.
_gridkit_words()
{
	local IFS=$' \t\n'

	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

# File names for a value or an operand.
_gridkit_files()
{
	local IFS=$'\n'

	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
}

# Sets cur and prev for the word being completed.  An option and its
# value in one word, --opt=value, count as prev and cur: bash splits them
# at '=' (a word of its own) when '=' is in COMP_WORDBREAKS; when it is
# not, eq_prefix is set to "--opt=" for _gridkit_prefix to put back.
_gridkit_words_at_point()
{
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	eq_prefix=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
		eq_prefix=$prev=
	fi
}

# Puts eq_prefix back in front of every completion.
_gridkit_prefix()
{
	local i

	[[ -n $eq_prefix ]] || return 0
	for i in "${!COMPREPLY[@]}"; do
		COMPREPLY[i]=$eq_prefix${COMPREPLY[i]}
	done
}

# grid-import: options, their values, input files.
_gridkit_grid_import()
{
	local cur prev eq_prefix
	local tables="regions departments grids workers worker_grids houses
	    households people tags visit_rules person_tags orgs components
	    categories cases visits calendar"
	local opts="-t --table -d --db -m --mode --map --encoding
	    --input-format --delimiter --sheet --header-line --skip-lines
	    --reject --strict --strict-columns --households --max-errors -n
	    --dry-run --reveal --seq-width --time-zone --division --settings
	    --set --force --districts -f --format -o --output --wide -q --quiet -h
	    --help --version"

	COMPREPLY=()
	_gridkit_words_at_point
	case $prev in
	--time-zone)
		# the zone files, as their IANA names
		_gridkit_words "$(cd "${TZDIR:-/usr/share/zoneinfo}" \
		    2>/dev/null && find [A-Z]* -type f 2>/dev/null)" ;;
	--set)
		# the keys of the database's own settings
		compopt -o nospace 2>/dev/null
		_gridkit_words "$(grid-import --settings -f tsv 2>/dev/null |
		    sed -e 1d -e 's/\t.*/=/')" ;;
	-t|--table)
		_gridkit_words "$tables" ;;
	-m|--mode)
		_gridkit_words "upsert insert replace" ;;
	--encoding)
		_gridkit_words "auto utf-8 gb18030" ;;
	--input-format)
		_gridkit_words "auto csv ndjson" ;;
	--delimiter)
		_gridkit_words "tab , '\\;' '\\|'" ;;
	--seq-width)
		_gridkit_words "2 3" ;;
	--division)
		# the districts of the database's regions
		_gridkit_words "$(sqlite3 "${GRID_DB:-grid.db}" "SELECT code \
		    FROM regions WHERE level = 'district'" 2>/dev/null)" ;;
	-f|--format)
		_gridkit_words "ndjson csv tsv table md" ;;
	-d|--db|--reject|-o|--output)
		_gridkit_files ;;
	--map|--max-errors|--sheet|--header-line|--skip-lines)
		;;		# FIELD=COLUMN, a name, a number: nothing to offer
	*)
		if [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		else
			_gridkit_files
		fi
		;;
	esac
	_gridkit_prefix
}

# Comma-separated values: COMPREPLY gets $cur completed with those of $1
# not yet in it (--only overlap,g<TAB> -> overlap,gap).
_gridkit_list()
{
	local IFS=$' \t\n' done= word

	[[ $cur == *,* ]] && done=${cur%,*},
	COMPREPLY=()
	for word in $1; do
		[[ ,$done == *,$word,* ]] && continue
		[[ $word == "${cur##*,}"* ]] && COMPREPLY+=("$done$word")
	done
	compopt -o nospace 2>/dev/null
}

# grid-assign: the command, then its options, their values, files.
_gridkit_grid_assign()
{
	local cur prev eq_prefix command opts
	local commands="boundaries locate houses orgs components cases people
	    check workers"
	local common="-d --db -q --quiet -h --help"

	COMPREPLY=()
	_gridkit_words_at_point
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			_gridkit_words "-h --help --version"
		else
			_gridkit_words "$commands"
		fi
		return
	fi
	command=${COMP_WORDS[1]}
	case $command in
	boundaries)
		# -f, -o and --reveal are accepted and change nothing
		opts="--code-field --strict -n --dry-run -f --format -o --output
		    --reveal --version $common" ;;
	locate)
		opts="--point --x --y --encoding --input-format -f --format
		    -o --output --reveal --version $common" ;;
	houses|orgs|components|cases|people)
		opts="-n --dry-run -f --format -o --output --wide --reveal
		    --version $common" ;;
	check)
		opts="--only --tolerance --load -f --format -o --output
		    --wide --reveal --version $common" ;;
	workers)
		opts="--community --set --add --remove --balance --by --apply
		    -f --format -o --output --wide --reveal --version
		    $common" ;;
	*)
		return ;;
	esac
	case $prev in
	-f|--format)
		case $command in
		locate) _gridkit_words "ndjson csv tsv geojson" ;;
		houses|orgs|components|cases|people|check)
			_gridkit_words "ndjson csv tsv table md geojson" ;;
		*) _gridkit_words "ndjson csv tsv table md" ;;
		esac
		;;
	--encoding)
		_gridkit_words "auto utf-8 gb18030" ;;
	--input-format)
		_gridkit_words "auto csv ndjson" ;;
	--only)
		_gridkit_list "overlap gap no_polygon bad_polygon orphan" ;;
	--by)
		_gridkit_words "people houses" ;;
	-d|--db|-o|--output)
		_gridkit_files ;;
	--code-field|--point|--x|--y|--tolerance|--community|--set|--add|--remove)
		;;		# a name, an area, a code: nothing to offer
	*)
		if [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		elif [[ $command == boundaries || $command == locate ]]; then
			_gridkit_files
		fi
		;;
	esac
	_gridkit_prefix
}

# grid-case: the verb, then its options, their values.
_gridkit_grid_case()
{
	local cur prev eq_prefix verb opts
	local verbs="report register void dispatch ack return extend park
	    unpark handle verify close rate reply escalate merge show log
	    status list similar sweep categories departments feed services
	    requests attach
	    attachments media import dispute mediate parties petition accept
	    answer review follow-through"
	local common="-d --db -f --format -o --output -q --quiet --reveal
	    -h --help --version"
	# feed, services, requests: no --reveal (reporters stay masked)
	local noreveal="-d --db -f --format -o --output -q --quiet
	    -h --help --version"
	local step="--actor --at --note --strict -n --dry-run $common"
	local levels="grid community street district city"
	local statuses="reported registered voided dispatched returned handled
	    verified closed parked merged"

	COMPREPLY=()
	_gridkit_words_at_point
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			_gridkit_words "-h --help --version"
		else
			_gridkit_words "$verbs"
		fi
		return
	fi
	verb=${COMP_WORDS[1]}
	case $verb in
	report)
		opts="--source --category --description --x --y --address
		    --grid --reporter --priority --component --org --grade --id
		    --resolved --dept --deadline --worker $step" ;;
	register|ack|close|unpark)
		opts="$step" ;;
	void|return|park)
		opts="--reason $step" ;;
	dispatch)
		opts="--dept --deadline $step" ;;
	extend)
		opts="--until --hours --approver --reason $step" ;;
	handle)
		opts="$step" ;;
	verify)
		opts="--pass --fail --worker $step" ;;
	rate)
		opts="--rating --correct $step" ;;
	reply)
		opts="--text --actor --at --strict -n --dry-run $common" ;;
	escalate)
		opts="--to --reason $step" ;;
	merge)
		opts="--into --reason $step" ;;
	show|log)
		opts="--wide $common" ;;
	status|categories|departments)
		opts="$common" ;;
	list)
		opts="--status --level --dept --source --category --grid
		    --open --unacked --overdue --due-within --from --to --sort
		    --limit --wide $common" ;;
	similar)
		opts="--distance --limit $common" ;;
	sweep)
		opts="--actor -n --dry-run $common" ;;
	feed)
		opts="--since --state --limit $noreveal" ;;
	services)
		opts="$noreveal" ;;
	requests)
		opts="--status --from --to --limit $noreveal" ;;
	attach)
		opts="--after --stage --at --x --y --worker --note --store
		    --no-store --uri --mime --actor -n --dry-run -d --db -f
		    --format -o --output -q --quiet -h --help --version" ;;
	attachments)
		opts="--wide $common" ;;
	media)
		opts="--actor -d --db -o --output -q --quiet -h --help
		    --version" ;;
	import)
		opts="--from --source --actor -n --dry-run $common" ;;
	dispute)
		opts="--party --role --mediator --mediator-worker --mediation
		    --at --note --actor --strict -n --dry-run $common" ;;
	mediate)
		opts="--result --level --agreement --mediator --at --note
		    --actor --strict -n --dry-run $common" ;;
	parties)
		opts="$common" ;;
	petition)
		opts="--form --people --reached --competent --petitioner
		    --representative --responder --leader --at --actor -n
		    --dry-run -d --db -f --format -o --output -q --quiet -h
		    --help --version" ;;
	accept|answer|review|follow-through)
		opts="--at --actor -n --dry-run -d --db -f --format -o
		    --output -q --quiet -h --help --version"
		case $verb in
		answer) opts="--text $opts" ;;
		review) opts="--result $opts" ;;
		follow-through) opts="--no $opts" ;;
		esac ;;
	*)
		return ;;
	esac
	case $prev in
	-f|--format)
		case $verb in
		status|categories|departments)
			_gridkit_words "ndjson csv tsv table md" ;;
		feed)
			_gridkit_words "ndjson csv tsv table md id open311" ;;
		services|requests)
			_gridkit_words "open311 ndjson" ;;
		list|show)	# rows with the case's point
			_gridkit_words "ndjson csv tsv table md id geojson" ;;
		attachments)	# rows with the point they were taken at
			_gridkit_words "ndjson csv tsv table md geojson" ;;
		*)	# rows that begin with a case id: id too
			_gridkit_words "ndjson csv tsv table md id" ;;
		esac ;;
	-d|--db|-o|--output|--state)
		_gridkit_files ;;
	--source)
		_gridkit_words "worker hotline public_app video self_report
		    department petition" ;;
	--priority)
		_gridkit_words "normal urgent" ;;
	--stage)
		_gridkit_words "before after" ;;
	--grade)
		_gridkit_words "minor major" ;;
	--rating)
		_gridkit_words "A B C D" ;;
	--to)
		if [[ $verb == escalate ]]; then
			_gridkit_words "$levels"
		fi
		;;
	--level)
		_gridkit_words "$levels" ;;
	--status)
		_gridkit_words "$statuses" ;;
	--role)
		_gridkit_words "party petitioner representative" ;;
	--mediation)
		_gridkit_words "people administrative judicial" ;;
	--result)
		[[ $verb == mediate ]] &&
		    _gridkit_words "continued resolved agreement referred failed"
		[[ $verb == review ]] &&
		    _gridkit_words "upheld changed revoked"
		;;
	--form)
		_gridkit_words "visit letter online phone" ;;
	--reached|--competent)
		_gridkit_words "community street district city province
		    national" ;;
	--people|--petitioner|--representative|--responder|--leader|--text)
		;;		# a number, an ID number, a name, a text
	--sort)
		_gridkit_words "reported deadline id" ;;
	--actor|--at|--note|--reason|--dept|--deadline|--until|--hours|\
	--approver|--into|--category|--description|--x|--y|--address|--grid|\
	--reporter|--component|--org|--id|--from|--limit|--distance|\
	--due-within)
		;;		# a name, a time, a code, a number: nothing to offer
	*)
		if [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		elif [[ $verb == rate ]] && ((COMP_CWORD >= 3)); then
			_gridkit_words "A B C D"
		elif [[ $verb == import ]]; then
			_gridkit_files
		fi
		;;
	esac
	_gridkit_prefix
}

# grid-report: the command, then its options, their values.
_gridkit_grid_report()
{
	local cur prev eq_prefix cmd opts
	local common="-d --db -f --format -o --output --wide --reveal
	    -q --quiet -h --help --version"

	COMPREPLY=()
	_gridkit_words_at_point
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			_gridkit_words "-h --help --version"
		else
			_gridkit_words "monthly annual merge"
		fi
		return
	fi
	cmd=${COMP_WORDS[1]}
	case $cmd in
	monthly)
		opts="--month --by --in --map-by -j --jobs $common" ;;
	annual)
		opts="--year --by --in --map-by -j --jobs $common" ;;
	merge)
		opts="$common" ;;
	*)
		return ;;
	esac
	case $prev in
	-f|--format)
		_gridkit_words "ndjson csv tsv table md html geojson" ;;
	--map-by)
		_gridkit_words "score grade closure_rate on_time_closure_rate
		    satisfaction_rate reported registered overdue_open" ;;
	-d|--db|-o|--output)
		_gridkit_files ;;
	--by)
		if [[ $cmd == annual ]]; then
			_gridkit_words "grid community street district dept
			    department"
		else
			_gridkit_words "grid community street district dept
			    department worker"
		fi
		;;
	--month)
		_gridkit_words "last" ;;
	--year|--in|-j|--jobs)
		;;		# a year, an area's code, a number: nothing
	*)
		if [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		elif [[ $cmd == merge ]]; then
			_gridkit_files
		fi
		;;
	esac
	_gridkit_prefix
}

# grid-stats: the command, then its options, their values.
_gridkit_grid_stats()
{
	local cur prev eq_prefix cmd opts
	local common="--in --map-by --wide -d --db -j --jobs -f --format -o
	    --output -q --quiet -h --help --version"
	local levels="grid community street district"
	local tags="elderly_alone empty_nest disabled low_income
	    left_behind_child released_prisoner community_correction drug_user
	    mental_disorder key_youth petitioner old_party_member laid_off
	    newlywed new_resident family_dispute"

	COMPREPLY=()
	_gridkit_words_at_point
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			_gridkit_words "-h --help --version"
		else
			_gridkit_words "population groups cases quality hazards
			    visits merge disputes petitions"
		fi
		return
	fi
	cmd=${COMP_WORDS[1]}
	case $cmd in
	population)
		opts="--by --at --permits-expiring --list --reveal $common" ;;
	groups)
		opts="--tag --any --by --age-min --at --list --reveal $common" ;;
	cases)
		opts="--by --from --to --top --reveal $common" ;;
	quality)
		opts="--by --check --list --reveal $common" ;;
	hazards)
		opts="--period --by --list --inspections --uninspected
		    --recurred --sample --seed --level --unit --reveal
		    $common" ;;
	visits)
		opts="--month --by --due --at --reveal $common" ;;
	merge)
		opts="--top --map-by --wide -f --format -o --output -q --quiet
		    -h --help --version"
		[[ $cur != -* && $prev != -* ]] && _gridkit_files ;;
	disputes)
		opts="--month --from --to --by --repeated --reveal $common" ;;
	petitions)
		opts="--period --by --repeat --reveal $common" ;;
	*)
		return ;;
	esac
	case $prev in
	-f|--format)
		_gridkit_words "ndjson csv tsv table md html geojson" ;;
	-d|--db|-o|--output)
		_gridkit_files ;;
	--map-by)
		_gridkit_words "rate_per_1000 aged_60_share aged_65_share
		    must_visit_share remediation_rate share people
		    success_rate first_line_share" ;;
	--by)
		case $cmd in
		cases)
			_gridkit_words "category grid community street hour
			    weekday month" ;;
		visits)
			_gridkit_words "$levels worker" ;;
		*)
			_gridkit_words "$levels" ;;
		esac
		;;
	--tag)
		_gridkit_words "$tags" ;;
	--sample)
		[[ $cmd == hazards ]] && _gridkit_words "own:50,lower:10" ;;
	--level)
		[[ $cmd == hazards ]] &&
		    _gridkit_words "city district street community" ;;
	--seed|--unit)
		;;		# a number, a code
	--list)
		if [[ $cmd == hazards ]]; then
			_gridkit_words "zero missing hazards none all"
		elif [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		fi
		;;
	--at|--age-min|--from|--to|--top|--check|--period|--month|--in|\
	--permits-expiring|-j|--jobs)
		;;		# a date, a number, a key, a code: nothing to offer
	*)
		if [[ $cur == -* ]]; then
			_gridkit_words "$opts"
		fi
		;;
	esac
	_gridkit_prefix
}

# grid-pgload (tools/pgload.sh): its options and the district databases.
_gridkit_grid_pgload()
{
	local cur prev eq_prefix

	_gridkit_words_at_point
	case $prev in
	-d|--dbname|-s|--schema|--district)
		COMPREPLY=()
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		_gridkit_words "-d --dbname -s --schema -q --quiet --district
		    -h --help"
	else
		_gridkit_files
	fi
	_gridkit_prefix
}

complete -F _gridkit_grid_import grid-import
complete -F _gridkit_grid_assign grid-assign
complete -F _gridkit_grid_case grid-case
complete -F _gridkit_grid_report grid-report
complete -F _gridkit_grid_stats grid-stats
complete -F _gridkit_grid_pgload grid-pgload
