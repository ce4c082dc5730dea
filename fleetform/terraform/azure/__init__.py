"""Azure: VNet, AKS, PostgreSQL flexible server, Azure Cache for Redis, Event Hubs (Kafka), Storage, Key Vault,
Application Gateway WAF_v2, Container Instances, budgets, DR."""
