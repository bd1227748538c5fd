# ip-netns(8) EXAMPLES: names, exec, and namespace ids given with ip netns set, in each namespace's own table, read back with list-id.
ip netns list
ip netns add vpn
ip netns exec vpn ip link set lo up
ip netns add foo/bar
echo $?
ip netns add foo
ip netns add bar
ip netns set foo 12
ip netns set bar 13
ip -n foo netns set foo 22
ip -n foo netns set bar 23
ip -n bar netns set foo 32
ip -n bar netns set bar 33
ip netns list-id target-nsid 12
ip netns list-id target-nsid 12 nsid 13
ip netns list
ip netns list-id
ip -n foo netns list-id
ip -n bar netns list
ip netns set foo 14
echo $?
ip netns set vpn 12
echo $?
ip netns set vpn auto
ip netns list
ip netns list-id nsid 99
echo $?
ip netns list-id target-nsid 99
echo $?
ip netns set nosuch 3
echo $?
ip netns set vpn -3
echo $?
ip netns list-id target-nsid
echo $?
ip -n vpn link show lo
ip netns delete foo
sleep 1
ip netns list
ip netns list-id
