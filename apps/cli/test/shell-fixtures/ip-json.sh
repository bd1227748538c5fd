# ip -br and -j (-p) for link, addr, route and netns, with iproute2's key order and layout.
ip -br link
ip -j link
ip -br addr
ip -j addr
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
ip link set lo up
ip link set v0 up
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.0.2/24 brd + dev v0
ip addr add fd00::1/64 dev v0 nodad
ip -br link
ip -br link show v0
ip -br addr
ip -br -4 addr
ip -br -6 addr
ip -br addr show dev lo
ip -j link show v0
ip -j -p link show v0
ip -j addr show dev v0
ip -j -p addr show dev lo
ip -j -4 addr
ip -j -6 addr
ip -j route
ip -j -p route show table local
ip -j route get 10.0.0.9
ip -j -p route get 10.0.0.1
ip -j -6 route
ip -j route show table all
ip netns add foo
ip netns add bar
ip link set v1 netns foo
ip link set v1 netns foo
sleep 1
ip -j link
ip -j -p link show v0
ip -br link
ip -n foo -br link
ip -n foo -j link
ip -j netns list
ip -j -p netns list
ip -j netns list-id
ip -n foo -j -p netns list-id
ip netns set bar 7
ip -j netns list-id target-nsid 0
ip -j netns list-id target-nsid 0 nsid 7
ip -j netns
ip -j -p netns list-id nsid 7
ip -br -j link show lo
ip -j -p -br addr show lo
