# A get through a route whose gateway is one of the namespace's own addresses shows no `via` (fib_check_nh_v4_gw);
# lo's MTU below 68 takes its IPv4 state (inetdev_destroy) and gives it back without addresses; ENOBUFS, ENXIO.
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route add 10.9.0.0/16 via 10.0.0.1
ip route get 10.9.1.1
ip route
ip link set lo up
ip addr show dev lo
ip link set lo mtu 10
ip addr add 127.0.0.2/8 dev lo
ip -4 addr show dev lo
ip link set lo mtu 65536
ip -4 addr show dev lo
ip link set v1 mtu 1000
ip addr add fd00::1/64 dev v1
ip addr del fd00::1/64 dev v1
echo done
