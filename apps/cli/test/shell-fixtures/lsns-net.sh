# lsns -t net: the default columns of a net listing (NETNSID, NSFS), one row per namespace with processes.
unshare -n sleep 100 &
sleep 1
lsns -t net
lsns -t net -n -o TYPE,NPROCS,PID,COMMAND
lsns -t uts -J -o NS,TYPE,NPROCS,PID,USER
kill $!
