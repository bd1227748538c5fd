# The tools' own error lines and exit statuses.
foo
echo $?
unshare -U sh -c 'id; hostname x; echo $?; unshare -n true; echo $?; mount -t tmpfs tmpfs /tmp; echo $?'
unshare -Ur id
cat /nonexistent
echo $?
ls /nonexistent
echo $?
kill 999
echo $?
unshare -p sh -c '/bin/true; /bin/true; echo after'
echo rc=$?
unshare --bogus
echo $?
exit 3
