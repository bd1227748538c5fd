# The shell language as dash runs a script file (issue 18): which commands fork (ps shows the
# pids): a function, eval and the builtins run in the shell's process; a subshell and a command
# substitution are forked and exec their last command in place, unless a trap that runs a
# command is set there; exec keeps the pid. Then functions, case, arithmetic, here-documents,
# globbing (of /proc too), parameter expansions, read, printf, test, set -x, traps, wait, and
# dash's error lines with the script's name and line.
f() { ps -o pid,ppid,comm; }
f
eval 'ps -o pid,ppid,comm'
(ps -o pid,ppid,comm)
(trap '' INT; ps -o pid,ppid,comm)
(trap 'echo "subshell exit trap"' EXIT; ps -o pid,ppid,comm)
x=$(ps -o pid,ppid,comm); echo "$x"
echo "\$\$ is $$, in a command substitution too: $(echo $$)"
n=0; for p in /proc/[0-9]*; do n=$((n + 1)); done; echo "processes in /proc: $n"
trap 'echo "exit trap: status $?"' EXIT
(ps -o pid,ppid,comm)
mkdir /run/d && cd /run/d && : > b && : > a && : > 'c d' && : > .hidden
echo *; echo .*; set -- *; echo "$# arguments, the first is $1"
echo /run/d/[ab] /run/d/?' '* /run/d/*.none
cat <<EOF
a here-document in $PWD: $(echo command substitution), $((6 * 7)), \$HOME is $HOME
EOF
case $(hostname) in nsp*) echo "the hostname matches nsp*";; *) echo no;; esac
greet() { local who=${1:-nobody}; printf 'hello %-8s|%5d|%x\n' "$who" "$#" 255; return 3; }
greet world; echo "greet returned $?"
v=/usr/local/lib/file.tar.gz; echo "${v##*/} ${v%%.*} ${#v} ${u:-default} ${u-}"
read a b <<EOF
one two three
EOF
echo "$a / $b"
[ -d /run/d ] && [ ! -e /run/nope ] && [ 10 -gt 9 ] && echo "the tests hold"
command -v unshare; type cd greet
set -x
echo traced; y=$((1 + 1))
set +x
sleep 1 &
echo "background job $!"
wait $!; echo "waited: $?"
nosuch_command
(echo ${u:?is not set}); echo "status $?"
(echo $((1 / 0))); echo "status $?"
exec sh -c 'echo "exec keeps the pid: $$"; ps -o pid,ppid,comm'
echo not reached
