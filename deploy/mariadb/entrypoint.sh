#!/bin/sh
# Starts MariaDB in the foreground (it stops cleanly on SIGTERM). On the first start (an empty /var/lib/mysql) it
# creates the system tables and Latchkey's database and user: MARIADB_DATABASE (latchkey), MARIADB_USER (latchkey),
# MARIADB_PASSWORD (required). root@localhost and mysql@localhost log in through the socket only.
set -eu

database=${MARIADB_DATABASE:-latchkey}
user=${MARIADB_USER:-latchkey}
password=${MARIADB_PASSWORD:-}

extra=""
if [ ! -d /var/lib/mysql/mysql ]; then
  if [ -z "$password" ]; then
    echo "latchkey-mariadb: set MARIADB_PASSWORD (the password of the user $user)" >&2
    exit 1
  fi
  for value in "$database" "$user" "$password"; do
    case $value in
      *[!A-Za-z0-9_.:,+=@%/-]*)
        echo "latchkey-mariadb: MARIADB_DATABASE, MARIADB_USER and MARIADB_PASSWORD may hold letters, digits and _.:,+=@%/- only" >&2
        exit 1 ;;
    esac
  done
  mariadb-install-db --datadir=/var/lib/mysql --auth-root-authentication-method=socket --skip-test-db >/dev/null
  umask 077
  init=$(mktemp)
  cat > "$init" <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES ON \`$database\`.* TO '$user'@'%';
SQL
  extra="--init-file=$init"
  echo "latchkey-mariadb: created database $database and user $user"
fi

exec mariadbd --datadir=/var/lib/mysql --bind-address=0.0.0.0 --skip-name-resolve $extra "$@"
