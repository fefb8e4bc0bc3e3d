import type { ReactNode } from "react";
import { ChannelsSection } from "./ChannelsSection";
import type { SectionProps } from "./sectionProps";

export const PhonesSection = (props: SectionProps & { phoneAction?: (phone: string) => ReactNode }) => <ChannelsSection {...props} kind="phones" />;
