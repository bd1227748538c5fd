# ip addr add/del/flush and ip route add/del/replace/get/show, with the kernel's own routes and iproute2's error lines.
ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
ip addr add 10.0.0.1/24 dev v0
ip route show table local
ip route add 10.1.0.0/24 dev v0
echo $?
ip link set lo up
ip link set v0 up
ip addr add 10.0.0.2/24 dev v0
ip addr add 10.0.0.3/24 brd + dev v0
ip addr add 10.1.0.1/16 brd 10.1.255.255 dev v0 label v0:1
ip addr add 10.2.0.1/24 dev v0 scope link
ip addr add 10.3.0.1 dev v0
ip addr add 10.0.0.1/24 dev v0
echo $?
ip addr show dev v0
ip route show table all
ip route add 10.1.0.0/24 dev v0
ip route add 10.1.0.0/24 dev v0
echo $?
ip route add 10.4.0.0/16 via 10.0.0.9
ip route add 10.5.0.0/16 via 10.9.0.9
echo $?
ip route add 10.6.0.0/16 via 10.0.0.9 metric 100
ip route add 10.7.0.0/24 dev v0 scope link metric 5
ip route add 10.8.0.1 dev v0
ip route add 10.0.0.0/24 dev v0 metric 10
ip route add default via 10.0.0.254
ip route add 10.9.0.0/24 dev nosuch
echo $?
ip route add 10.9.0.0/33 dev v0
echo $?
ip route add 10.9.0.5/24 dev v0
echo $?
ip route add 10.9.0.0/16 via 10.0.0.255
echo $?
ip route add local 10.14.0.1 dev v0
ip route
ip route del 10.99.0.0/24
echo $?
ip route del 10.1.0.0/24 via 10.0.0.9
echo $?
ip route del 10.1.0.0/24
ip route replace 10.4.0.0/16 via 10.0.0.8
ip route replace 10.10.0.0/16 dev v0
ip route change 10.11.0.0/16 dev v0
echo $?
ip route del 10.0.0.0/24 dev v0 metric 10
ip route show
ip route show table local
ip route show 10.4.0.0/16
ip route show root 10.0.0.0/8
ip route show match 10.4.1.1
ip route show proto kernel
ip route show scope link
ip route show type local table local
ip route show table 99
echo $?
ip route get 10.4.3.2
ip route get 10.0.0.1
ip route get 10.0.0.5
ip route get 10.0.0.255
ip route get 127.0.0.1
ip route get 10.0.0.0/24
ip route del default
ip route get 8.8.8.8
echo $?
ip addr del 10.0.0.9/24 dev v0
echo $?
ip addr del 10.0.0.2 dev v0
ip addr del 10.0.0.1/24 dev v0
ip addr show dev v0
ip route
ip addr flush
echo $?
ip addr flush dev v0 scope link
ip -4 addr show dev v0
ip addr flush dev v0
ip addr show dev v0
ip route show table all
ip -4 addr
ip link set v1 up
sleep 4
ip -6 addr
ip -6 route show table all
ip addr add fd00::1/64 dev v0
ip addr add fd01::1/64 dev v0 nodad
sleep 4
ip -6 addr show dev v0
ip -6 route add default via fd00::2
ip -6 route add fd05::/64 via fd00::3 metric 5
ip -6 route add fd06::/64 dev v0
ip -6 route add fd07::/64 via fd09::1
echo $?
ip -6 route
ip route get fd00::2
ip -6 route get fd06::1
ip route get ::1
ip addr del fd00::1 dev v0
echo $?
ip addr del fd00::1/64 dev v0
ip -6 addr show dev v0
ip link set v1 down
sleep 1
ip -6 route
ip link set v0 down
ip addr show dev v0
ip route show table all
