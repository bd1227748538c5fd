# lsns --tree: a user namespace no process is in, between two that have one, found through NS_GET_PARENT and NS_GET_USERNS.
unshare -r sh -c 'unshare -r sleep 100 > /dev/null 2>&1 &'
sleep 1
lsns -T -t user
lsns --tree=parent -t user -o NS,TYPE,NPROCS,PID,UID,USER,PNS
lsns -T -t user -J -o NS,NPROCS,USER
lsns -t user
