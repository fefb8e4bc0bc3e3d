import { ChannelsSection } from "./ChannelsSection";
import type { SectionProps } from "./sectionProps";

export const EmailsSection = (props: SectionProps) => <ChannelsSection {...props} kind="emails" />;
