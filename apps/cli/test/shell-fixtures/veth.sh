# A veth pair: M-DOWN while the peer is down, @ifN and link-netns once one end is moved.
ip link add v0 type veth peer name v1
ip link
ip netns add foo
ip link set v1 netns foo
ip link
ip netns list
ip -n foo link
ip link set v0 up
sleep 1
ip link show v0
ip -n foo link set lo up
ip -n foo addr
ip addr add 10.1.1.1/24 dev v0
ip addr show dev v0
ip route
ip link add v0 type veth peer name v2
echo $?
ip link show nosuch
echo $?
