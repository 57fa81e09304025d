# postgresql.profile — the PostgreSQL database server: FreeBSD's
# databases/postgresqlNN-server port and Debian's postgresql-NN package.
# postgres runs in the foreground as its own user (it refuses root), and
# an empty data directory is made a cluster first by initdb, run in the
# jail as a prestart (prestart-if-empty): a jail built from a root holds
# the directory, never the root's databases.  initdb finds postgres
# beside itself and runs it through /bin/sh, with the share directory's
# catalogs and the plpgsql and snowball modules.  The probe is the
# protocol's SSLRequest, answered S or N before any authentication.
# Variables (var NAME DEFAULT; -D NAME=VALUE): version (the NN of the
# port or package), data, the configuration (conf, confdir), timezone
# (the configuration's timezone), locale (its lc_messages) and port (the
# one the configuration listens on: where the probe asks).  On Debian the
# configuration is read (config postgresql): its includes, hba_file,
# ident_file and, with ssl on, its certificate and key files come along;
# the port's lives in the data directory, made by initdb.
description PostgreSQL database server
include base

[freebsd]
var version 15
var user postgres
var group postgres
var data /var/db/postgres/data${version}
var port 5432
program /usr/local/bin/postgres
program /usr/local/bin/initdb
optional /usr/local/bin/pg_ctl
tree /usr/local/share/postgresql
module /usr/local/lib/postgresql/plpgsql.so
module /usr/local/lib/postgresql/dict_snowball.so
dir /var/db/postgres 0755 ${user} ${group}
dir ${data} 0700 ${user} ${group}
user ${user}
group ${group}
# postgres's shared memory and semaphores: System V IPC of its own
param sysvshm=new
param sysvsem=new
param exec.jail_user=${user}
prestart-if-empty ${data} /usr/local/bin/initdb -D ${data} --auth-local=peer --auth-host=scram-sha-256
command /usr/local/bin/postgres -D ${data}
# rc jails: rc.d/postgresql starts it (postgresql_data)
rcd postgresql
probe pgsql ${port}

[linux]
var version 15
var cluster main
var user postgres
var group postgres
var confdir /etc/postgresql/${version}/${cluster}
var conf ${confdir}/postgresql.conf
var data /var/lib/postgresql/${version}/${cluster}
var rundir /run/postgresql
var timezone Etc/UTC
var locale C.utf8
var port 5432
program /usr/lib/postgresql/${version}/bin/postgres
program /usr/lib/postgresql/${version}/bin/initdb
# initdb lists the locales with locale -a for pg_collation
optional /usr/bin/locale
optional /usr/lib/postgresql/${version}/bin/pg_ctl
tree /usr/share/postgresql/${version}
module /usr/lib/postgresql/${version}/lib/plpgsql.so
module /usr/lib/postgresql/${version}/lib/dict_snowball.so
# and what it names: includes, hba_file, ident_file; with ssl on, the
# certificate and key files (Debian's snakeoil pair)
config postgresql ${conf}
# the configuration's timezone and log_timezone, and lc_* locale
file /usr/share/zoneinfo/${timezone}
tree /usr/lib/locale/${locale}
dir /var/lib/postgresql 0755 ${user} ${group}
dir ${data} 0700 ${user} ${group}
dir ${rundir} 2775 ${user} ${group}
# the configuration names it /var/run/postgresql: the link to /run
file? /var/run
user ${user}
group ${group}
# postgres does not drop root itself (pg_ctlcluster runs it as postgres)
param exec.jail_user=${user}
prestart-if-empty ${data} /usr/lib/postgresql/${version}/bin/initdb -D ${data} --auth-local=peer --auth-host=scram-sha-256
command /usr/lib/postgresql/${version}/bin/postgres -D ${data} -c config_file=${conf}
probe pgsql ${port}
