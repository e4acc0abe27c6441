/** Whether the enclosing tab is the visible one (screens stay mounted so unsaved drafts survive). */
import { createContext, useContext } from 'react';

export const TabActiveContext = createContext(true);
export const useTabActive = () => useContext(TabActiveContext);
