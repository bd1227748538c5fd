# lsns's NETNSID: the id the reader's net namespace gives each one (RTM_GETNSID), unassigned until `ip netns set` or a moved link gives one.
ip netns add a
ip netns add b
ip netns exec a sleep 100 &
ip netns exec b sleep 100 &
sleep 1
lsns -t net -o NS,TYPE,NETNSID,NSFS
ip netns set a 7
ip link add v0 type veth peer name v1 netns b
lsns -t net -o NS,TYPE,NETNSID,NSFS
lsns -t net -o NETNSID,NSFS -J
