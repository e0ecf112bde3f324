# shellcheck shell=bash
# scripts/test-services.sh -- install and start the real services the test suite needs.
#
# Meant to be SOURCED (by ./test.sh, .ci/run, or by hand):
#
#     source scripts/test-services.sh
#     trap envigil_stop_test_services EXIT
#     envigil_start_test_services
#
# Sourcing only defines functions; it changes no shell option and runs nothing.
#
#   envigil_start_test_services
#       Installs missing Debian packages (apt-get update at most once, only if
#       something is missing), then starts a private throwaway PostgreSQL 15 +
#       PostGIS cluster on 127.0.0.1 on a free port (from 55432 up) and exports
#         ENVIGIL_TEST_POSTGRES="Host=127.0.0.1;Port=N;Username=postgres;Password=postgres;Database=postgres"
#       PostGIS is installed into template1, so every CREATE DATABASE gets it
#       (tests' "CREATE EXTENSION IF NOT EXISTS postgis" is then a no-op).
#       Anything left by an earlier run with the same run dir (a live or crashed
#       postmaster, a stale directory) is stopped and removed first.
#       Returns non-zero (with the relevant log tail on stderr) on failure.
#
#   envigil_stop_test_services
#       Stops the cluster (pg_ctl stop -m fast) and removes the run dir.
#       Best effort; always returns 0; safe to call when nothing was started.
#
# Environment:
#   ENVIGIL_TEST_RUN_DIR  where services keep their state (default <repo>/.test-run).
#                         The whole directory is deleted by envigil_stop_test_services.
#
# The system PostgreSQL cluster, systemd and init scripts are never used.
# It also starts mosquitto (password file + per-account ACL) and vsftpd (one drop sub-folder per account) on free
# loopback ports and exports ENVIGIL_TEST_MQTT_PORT, ENVIGIL_TEST_FTP_PORT and ENVIGIL_TEST_FTP_DROP.

_ENVIGIL_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_ENVIGIL_PG_MAJOR=15
_ENVIGIL_PG_FIRST_PORT=55432
_ENVIGIL_APT_PACKAGES=(postgresql "postgresql-${_ENVIGIL_PG_MAJOR}-postgis-3" chromium vsftpd mosquitto mosquitto-clients curl)

_envigil_run_dir() {
    printf '%s\n' "${ENVIGIL_TEST_RUN_DIR:-${_ENVIGIL_REPO_ROOT}/.test-run}"
}

_envigil_err() {
    printf 'services: error: %s\n' "$*" >&2
}

# Run a command as the postgres OS user (root cannot run the server).
_envigil_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# --------------------------------------------------------------------- packages

_envigil_pkg_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

# _envigil_ensure_packages PKG... : install the ones that are missing.
_envigil_ensure_packages() {
    local missing=() p
    for p in "$@"; do
        _envigil_pkg_installed "$p" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    if [ "$(id -u)" -ne 0 ]; then
        _envigil_err "missing packages (${missing[*]}) and not root to install them"
        return 1
    fi

    printf 'services: installing %s\n' "${missing[*]}"
    local log rc=0 made_policy=0
    log="$(mktemp /tmp/envigil-apt.XXXXXX.log)" || return 1

    # Keep the packages' maintainer scripts from starting system daemons
    # (postgresql main cluster, vsftpd on :21, mosquitto on :1883): the tests
    # start their own private instances. Only if no policy is in place already.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
    fi

    local apt_opts=(-q -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    {
        DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update &&
            DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"
    } >"$log" 2>&1 || rc=$?

    [ "$made_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d

    if [ "$rc" -ne 0 ]; then
        _envigil_err "apt-get failed (exit $rc) installing: ${missing[*]}; last lines of $log:"
        tail -n 40 "$log" >&2
        return 1
    fi
    for p in "${missing[@]}"; do
        if ! _envigil_pkg_installed "$p"; then
            _envigil_err "package $p still not installed after apt-get; last lines of $log:"
            tail -n 40 "$log" >&2
            return 1
        fi
    done
    rm -f "$log"
    return 0
}

# ------------------------------------------------------------------- postgresql

_envigil_pg_bin() {
    printf '/usr/lib/postgresql/%s/bin\n' "$_ENVIGIL_PG_MAJOR"
}

# Where the cluster lives: <run dir>/pg, unless the postgres user cannot reach
# it or the socket path would be too long (limit ~107 bytes), then a /tmp dir.
# The choice is recorded in <run dir>/pg.path so stop can find it.
_envigil_pg_base_file() {
    printf '%s/pg.path\n' "$(_envigil_run_dir)"
}

_envigil_pg_recorded_base() {
    local f
    f="$(_envigil_pg_base_file)"
    if [ -f "$f" ]; then
        head -n 1 "$f"
    elif [ -d "$(_envigil_run_dir)/pg" ]; then
        printf '%s/pg\n' "$(_envigil_run_dir)"
    fi
    return 0
}

# Stop whatever cluster a previous run left in BASE and delete BASE.
_envigil_pg_teardown() {
    local base="$1" mode="${2:-fast}" bin data pid i
    [ -n "$base" ] && [ "$base" != "/" ] || return 0
    [ -d "$base" ] || return 0
    bin="$(_envigil_pg_bin)"
    data="$base/data"
    if [ -f "$data/postmaster.pid" ]; then
        pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
        if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            _envigil_as_pg "$bin/pg_ctl" stop -D "$data" -m "$mode" -w -t 30 >/dev/null 2>&1 ||
                _envigil_as_pg "$bin/pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null 2>&1 || true
            if kill -0 "$pid" 2>/dev/null &&
                [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "postgres" ]; then
                kill -9 "$pid" 2>/dev/null || true
            fi
        fi
    fi
    # Backends of a postmaster killed with -9 exit on their own shortly after;
    # give them a moment so the directory can go.
    for i in 1 2 3 4 5 6 7 8 9 10; do
        pgrep -f -- "-D $data" >/dev/null 2>&1 || break
        sleep 0.2
    done
    rm -rf -- "$base" 2>/dev/null || true
    return 0
}

_envigil_port_in_use() {
    # Something accepting on 127.0.0.1:$1 (also catches 0.0.0.0 listeners).
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_envigil_free_port() {
    local port="$1" last=$(($1 + 500))
    while [ "$port" -le "$last" ]; do
        if ! _envigil_port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
        port=$((port + 1))
    done
    _envigil_err "no free TCP port in $1..$last"
    return 1
}

# Runs in a subshell (see envigil_start_test_services); on success writes
# "<port> <postgis version>" to <run dir>/pg.started.
_envigil_start_postgres() {
    local run_dir bin base data sock log port attempt out
    run_dir="$(_envigil_run_dir)"
    cd / || return 1 # the postgres user may not be able to read the caller's cwd
    bin="$(_envigil_pg_bin)"
    [ -x "$bin/initdb" ] || { _envigil_err "$bin/initdb not found"; return 1; }
    id postgres >/dev/null 2>&1 || { _envigil_err "no 'postgres' OS user"; return 1; }

    # Leftovers of a previous (crashed) run.
    _envigil_pg_teardown "$(_envigil_pg_recorded_base)" immediate
    _envigil_pg_teardown "$run_dir/pg" immediate
    rm -f -- "$(_envigil_pg_base_file)" "$run_dir/pg.started"

    mkdir -p -- "$run_dir" || { _envigil_err "cannot create $run_dir"; return 1; }
    base="$run_dir/pg"
    mkdir -p -- "$base" && chmod 700 "$base" || { _envigil_err "cannot create $base"; return 1; }
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$base"
    # 5-digit port: ".../sock/.s.PGSQL.NNNNN.lock" must fit in sun_path.
    if [ "$((${#base} + 26))" -gt 100 ] || ! _envigil_as_pg test -w "$base" 2>/dev/null; then
        rm -rf -- "$base"
        base="$(mktemp -d /tmp/envigil-pg.XXXXXX)" || return 1
        chmod 700 "$base"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$base"
    fi
    printf '%s\n' "$base" >"$(_envigil_pg_base_file)"

    data="$base/data"
    sock="$base/sock"
    log="$base/postgres.log"
    _envigil_as_pg mkdir -p "$sock" || return 1
    _envigil_as_pg sh -c 'umask 077; echo postgres > "$1"' sh "$base/pwfile" || return 1

    if ! out="$(_envigil_as_pg "$bin/initdb" -D "$data" -U postgres --pwfile="$base/pwfile" \
        --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 --no-sync 2>&1)"; then
        _envigil_err "initdb failed:"
        printf '%s\n' "$out" | tail -n 30 >&2
        return 1
    fi
    rm -f -- "$base/pwfile"

    _envigil_as_pg sh -c 'cat >> "$1"' sh "$data/postgresql.conf" <<EOF || return 1

# --- envigil test cluster (throwaway; durability off on purpose) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF

    # Try a few ports in case another process grabs the probed one first.
    port="$_ENVIGIL_PG_FIRST_PORT"
    for attempt in 1 2 3 4 5; do
        port="$(_envigil_free_port "$port")" || return 1
        _envigil_as_pg sh -c 'echo "port = $2" >> "$1"' sh "$data/postgresql.conf" "$port" || return 1
        if _envigil_as_pg "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 >/dev/null 2>&1; then
            break
        fi
        if [ "$attempt" -lt 5 ] && grep -qiE 'could not (bind|create listen)|address already in use' "$log" 2>/dev/null; then
            port=$((port + 1))
            continue
        fi
        _envigil_err "postgresql failed to start on 127.0.0.1:$port; last lines of $log:"
        tail -n 30 "$log" >&2
        return 1
    done

    local psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
    if ! out="$(PGPASSWORD=postgres "${psql[@]}" -d template1 -c 'CREATE EXTENSION IF NOT EXISTS postgis' 2>&1)" ||
        ! out="$(PGPASSWORD=postgres "${psql[@]}" -d template1 -Atc 'SELECT postgis_lib_version()' 2>&1)"; then
        _envigil_err "CREATE EXTENSION postgis failed: $out"
        return 1
    fi

    printf '%s %s\n' "$port" "$out" >"$run_dir/pg.started" || return 1
    return 0
}

# ---------------------------------------------------------------- mosquitto

# A private mosquitto broker on a free loopback port, with password authentication and an ACL that lets each
# facility account publish only under envigil/<account>/files/ (the rule Envigil relies on), and lets the
# "envigil" service account read everything under envigil/. Accounts: envigil, f001, f002 (password = name).
_envigil_start_mosquitto() {
    local run_dir dir port
    run_dir="$(_envigil_run_dir)"
    dir="$run_dir/mqtt"
    if [ -f "$dir/mosquitto.pid" ]; then
        kill "$(cat "$dir/mosquitto.pid")" 2>/dev/null || true
    fi
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    port="$(_envigil_free_port 51883)" || return 1
    : >"$dir/passwd"
    for user in envigil f001 f002; do
        mosquitto_passwd -b "$dir/passwd" "$user" "$user" >/dev/null 2>&1 || { _envigil_err "mosquitto_passwd failed"; return 1; }
    done
    cat >"$dir/acl" <<ACL
user envigil
topic read envigil/#

pattern write envigil/%u/files/#
ACL
    cat >"$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence false
pid_file $dir/mosquitto.pid
log_dest file $dir/mosquitto.log
user root
CONF
    chmod 600 "$dir/passwd" "$dir/acl"
    mosquitto -c "$dir/mosquitto.conf" -d || { _envigil_err "mosquitto did not start"; cat "$dir/mosquitto.log" >&2 2>/dev/null; return 1; }
    local attempt
    for attempt in $(seq 1 50); do
        _envigil_port_in_use "$port" && break
        sleep 0.1
    done
    _envigil_port_in_use "$port" || { _envigil_err "mosquitto is not listening on $port"; return 1; }
    printf '%s\n' "$port" >"$dir/port"
}

_envigil_stop_mosquitto() {
    local pidfile
    pidfile="$(_envigil_run_dir)/mqtt/mosquitto.pid"
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    return 0
}

# ------------------------------------------------------------------- vsftpd

# A private vsftpd on a free loopback port that writes uploads into a drop folder, one sub-folder per account
# (local_root=<drop>/$USER), as a province's FTP server does for Envigil. Accounts evgf001 and evgf002 are local
# users without a home of their own; password = account name + "-pass".
_ENVIGIL_FTP_USERS=(evgf001 evgf002)

_envigil_start_vsftpd() {
    local run_dir dir port user
    run_dir="$(_envigil_run_dir)"
    dir="$run_dir/ftp"
    _envigil_stop_vsftpd
    rm -rf "$dir" && mkdir -p "$dir/drop" || return 1
    chmod 755 "$run_dir" "$dir" "$dir/drop"
    port="$(_envigil_free_port 52121)" || return 1
    for user in "${_ENVIGIL_FTP_USERS[@]}"; do
        id -u "$user" >/dev/null 2>&1 || useradd --home-dir "$dir/drop/$user" --no-create-home --shell /bin/bash "$user" || return 1
        echo "$user:$user-pass" | chpasswd || return 1
        install -d -o "$user" -g "$user" -m 755 "$dir/drop/$user" || return 1
    done
    cat >"$dir/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
user_sub_token=\$USER
local_root=$dir/drop/\$USER
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$((port + 1))
pasv_max_port=$((port + 20))
pam_service_name=vsftpd
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
xferlog_enable=YES
vsftpd_log_file=$dir/vsftpd.log
CONF
    chown root:root "$dir/vsftpd.conf" && chmod 600 "$dir/vsftpd.conf"
    mkdir -p /var/run/vsftpd/empty
    setsid /usr/sbin/vsftpd "$dir/vsftpd.conf" >"$dir/vsftpd.out" 2>&1 </dev/null &
    echo $! >"$dir/vsftpd.pid"
    local attempt
    for attempt in $(seq 1 50); do
        _envigil_port_in_use "$port" && break
        sleep 0.1
    done
    _envigil_port_in_use "$port" || { _envigil_err "vsftpd is not listening on $port"; cat "$dir/vsftpd.out" >&2; return 1; }
    printf '%s\n' "$port" >"$dir/port"
}

_envigil_stop_vsftpd() {
    local pidfile user
    pidfile="$(_envigil_run_dir)/ftp/vsftpd.pid"
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    return 0
}

# The FTP accounts have known passwords: they exist only while the tests run.
_envigil_remove_ftp_users() {
    local user
    for user in "${_ENVIGIL_FTP_USERS[@]}"; do
        id -u "$user" >/dev/null 2>&1 && userdel "$user" >/dev/null 2>&1
    done
    return 0
}

# ------------------------------------------------------------------- public API

envigil_start_test_services() {
    local run_dir result port postgis rc=0
    run_dir="$(_envigil_run_dir)"

    # Every step checks its own errors: errexit may be on or off in the caller,
    # and is ignored anyway when the caller writes "start || ...".
    _envigil_ensure_packages "${_ENVIGIL_APT_PACKAGES[@]}" || return 1

    # In a subshell so no cwd change or other shell state leaks into the caller.
    (_envigil_start_postgres) || rc=$?
    result="$(head -n 1 "$run_dir/pg.started" 2>/dev/null || true)"
    if [ "$rc" -ne 0 ] || [ -z "$result" ]; then
        _envigil_err "could not start postgresql (state in $run_dir)"
        return 1
    fi
    port="${result%% *}"
    postgis="${result#* }"

    export ENVIGIL_TEST_POSTGRES="Host=127.0.0.1;Port=${port};Username=postgres;Password=postgres;Database=postgres"
    printf 'services: postgresql %s + postgis %s on 127.0.0.1:%s\n' "$_ENVIGIL_PG_MAJOR" "$postgis" "$port"

    _envigil_start_mosquitto || { _envigil_err "could not start mosquitto"; return 1; }
    export ENVIGIL_TEST_MQTT_PORT="$(cat "$run_dir/mqtt/port")"
    printf 'services: mosquitto on 127.0.0.1:%s (accounts envigil, f001, f002)\n' "$ENVIGIL_TEST_MQTT_PORT"

    _envigil_start_vsftpd || { _envigil_err "could not start vsftpd"; return 1; }
    export ENVIGIL_TEST_FTP_PORT="$(cat "$run_dir/ftp/port")"
    export ENVIGIL_TEST_FTP_DROP="$run_dir/ftp/drop"
    printf 'services: vsftpd on 127.0.0.1:%s writing into %s (accounts %s)\n' "$ENVIGIL_TEST_FTP_PORT" "$ENVIGIL_TEST_FTP_DROP" "${_ENVIGIL_FTP_USERS[*]}"
    return 0
}

envigil_stop_test_services() {
    local run_dir
    run_dir="$(_envigil_run_dir)"
    _envigil_stop_mosquitto
    _envigil_stop_vsftpd
    _envigil_remove_ftp_users
    _envigil_pg_teardown "$(_envigil_pg_recorded_base)" fast
    case "$run_dir" in
        "" | / | "$_ENVIGIL_REPO_ROOT" | "${HOME:-/}") ;;
        *) rm -rf -- "$run_dir" 2>/dev/null || true ;;
    esac
    unset ENVIGIL_TEST_POSTGRES ENVIGIL_TEST_MQTT_PORT ENVIGIL_TEST_FTP_PORT ENVIGIL_TEST_FTP_DROP
    return 0
}
