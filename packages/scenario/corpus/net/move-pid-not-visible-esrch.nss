@title: link-netns-pid of a task the actor cannot see, or that has exited, gives ESRCH
# T2.1: the pid is looked up in the caller's pid namespace; unknown pid -> ESRCH
@needs: pid,net
init: clone p pid,net                => 2
p: veth p0 p1                        => ok
p: link-netns-pid p1 init            => ESRCH   # init is not in p's pid namespace
p: clone q net                       => 2
p: link-netns-pid p1 q               => ok
q: link-netns-pid p1 p               => ok      # p is pid 1 in q's pid namespace
q: exit                              => ok
p: link-netns-pid p0 q               => ESRCH
p: links                             => lo,p0,p1
