package io.kcap.capture.internal;

/**
 * Numbers and structure offsets of the Linux AF_PACKET ABI on x86-64 and arm64 ({@code
 * linux/if_packet.h}, {@code linux/if_ether.h}, {@code linux/filter.h}, {@code linux/sockios.h}).
 * They are kernel ABI and never change; the live-capture tests would fail on any wrong one.
 */
final class Abi {
  private Abi() {}

  static final int AF_PACKET = 17;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_CREAT = 0x40;
  static final int O_TRUNC = 0x200;
  static final int O_CLOEXEC = 0x80000;
  static final int EFD_CLOEXEC = 0x80000;
  static final int EFD_NONBLOCK = 0x800;
  static final int CLONE_NEWNET = 0x40000000;

  static final int SOL_SOCKET = 1;
  static final int SO_ERROR = 4;
  static final int SO_ATTACH_FILTER = 26;
  static final int SOL_PACKET = 263;
  static final int PACKET_ADD_MEMBERSHIP = 1;
  static final int PACKET_RX_RING = 5;
  static final int PACKET_STATISTICS = 6;
  static final int PACKET_VERSION = 10;
  static final int PACKET_IGNORE_OUTGOING = 23;
  static final int PACKET_MR_PROMISC = 1;
  static final int TPACKET_V3 = 2;
  static final int ETH_P_ALL = 0x0003;
  static final int ETH_P_8021Q = 0x8100;

  static final long SIOCGIFINDEX = 0x8933;
  static final long SIOCGIFHWADDR = 0x8927;
  static final int IFNAMSIZ = 16;
  static final int IFREQ_SIZE = 40;
  static final int IFREQ_UNION = 16;

  static final int ARPHRD_ETHER = 1;
  static final int ARPHRD_LOOPBACK = 772;
  static final int ARPHRD_NONE = 0xFFFE;

  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_SHARED = 1;
  static final int MAP_PRIVATE = 2;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MADV_HUGEPAGE = 14;

  static final short POLLIN = 1;
  static final short POLLERR = 8;
  static final short POLLHUP = 16;
  static final short POLLNVAL = 32;
  static final int POLLFD_SIZE = 8;

  /** {@code struct sockaddr_ll}. */
  static final int SOCKADDR_LL_SIZE = 20;

  /** {@code struct tpacket_req3}: seven unsigned ints. */
  static final int TPACKET_REQ3_SIZE = 28;

  /** {@code struct tpacket_stats_v3}: tp_packets, tp_drops, tp_freeze_q_cnt. */
  static final int TPACKET_STATS_V3_SIZE = 12;

  /** {@code struct packet_mreq}. */
  static final int PACKET_MREQ_SIZE = 16;

  /** {@code struct sock_fprog}: a 2-byte length padded to 8, then the instruction pointer. */
  static final int SOCK_FPROG_SIZE = 16;

  static final int SOCK_FILTER_SIZE = 8;

  // struct tpacket_block_desc with its tpacket_hdr_v1
  static final int BLOCK_STATUS = 8;
  static final int BLOCK_NUM_PKTS = 12;
  static final int BLOCK_OFFSET_TO_FIRST_PKT = 16;
  static final int BLOCK_LEN = 20;
  static final int BLOCK_TS_LAST_SEC = 40;
  static final int BLOCK_TS_LAST_NSEC = 44;
  static final int BLOCK_HEADER_SIZE = 48;

  // struct tpacket3_hdr
  static final int PKT_NEXT_OFFSET = 0;
  static final int PKT_SEC = 4;
  static final int PKT_NSEC = 8;
  static final int PKT_SNAPLEN = 12;
  static final int PKT_LEN = 16;
  static final int PKT_STATUS = 20;
  static final int PKT_MAC = 24;
  static final int PKT_VLAN_TCI = 32;
  static final int PKT_VLAN_TPID = 36;

  static final int TP_STATUS_KERNEL = 0;
  static final int TP_STATUS_USER = 1;
  static final int TP_STATUS_LOSING = 4;
  static final int TP_STATUS_VLAN_VALID = 0x10;
  static final int TP_STATUS_VLAN_TPID_VALID = 0x40;

  /** The kernel refuses ring frames that are not a multiple of {@code TPACKET_ALIGNMENT}. */
  static final int RING_FRAME_SIZE = 2048;
}
