# ip netns: add, list (newest first), exec, identify, pids, delete.
ip netns add foo
ip netns add bar
ip netns list
ip netns exec foo ip link
ip netns exec bar ip netns identify
ip netns identify
ip netns pids foo
ip netns delete bar
ip netns list
ip netns add foo
echo $?
ls /run/netns
