# lsns 2.38.1: --tree (owner, parent, process), the <namespace> operand, -p, repeated -t, and its errors.
unshare -Ur sh -c 'unshare -u sleep 100 & sleep 1; unshare -pf --mount-proc sleep 100' &
sleep 2
lsns -t user -t pid -t uts
lsns --tree -t user -t pid -t uts
lsns -T parent -t user -t pid; echo rc=$?
lsns --tree=parent -t user -t pid
lsns --tree=process -t uts
lsns -T -o NS,TYPE,NPROCS,PNS,ONS -t user -t pid
lsns -l -t uts
lsns -J --tree -t user -o NS,TYPE,NPROCS
lsns -r --tree=parent -t pid -o NS,TYPE,PID
lsns -p 1 -t uts -t net -o NS,TYPE
lsns -n -t uts -o TYPE,NPROCS
lsns $(lsns -n -t uts -o NS | tail -1)
lsns -l $(lsns -n -t uts -o NS | tail -1)
lsns -o PID,COMMAND $(lsns -n -t pid -o NS | tail -1)
lsns 12; echo rc=$?
lsns x; echo rc=$?
lsns -p 1 4026531837; echo rc=$?
lsns -T sideways; echo rc=$?
lsns -l -T; echo rc=$?
lsns -J -r; echo rc=$?
lsns -t nosuch; echo rc=$?
lsns -p x; echo rc=$?
lsns -o NS,NOSUCH; echo rc=$?
kill $!
